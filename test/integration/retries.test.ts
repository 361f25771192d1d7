// Respond on purpose: rules and schedules against real sockets, the attempt chain a retrying
// client leaves, and `quayside wait` over the real console.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainView, Rule } from "../../server/contract/index.ts";
import { runQuayside } from "../helpers/child.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let ca: string;
beforeAll(async () => {
  server = await startTestServer();
  ca = server.ca;
});
afterAll(async () => {
  await server?.dispose();
});

async function setRules(endpoint: string, rules: Rule[]) {
  const res = await fetch(`${server.console}/api/endpoints/${endpoint}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ rules }),
  });
  expect(res.status).toBe(200);
}

const post = (endpoint: string, body: string, extra = "") =>
  send(`${server.https}/hooks/${endpoint}${extra}`, { body, ca });
const chains = async (endpoint: string) =>
  (await (await fetch(`${server.console}/api/chains?endpoint=${endpoint}`)).json()) as ChainView[];

/** A registry-like client: retries the same body until it gets a 2xx, waiting `waits[i]` between tries. */
async function retryingClient(endpoint: string, body: string, waits: number[]): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; ; i++) {
    const res = await post(endpoint, body);
    statuses.push(res.status);
    if (res.status < 300 || i >= waits.length) return statuses;
    await new Promise((r) => setTimeout(r, waits[i]));
  }
}

describe("response rules and attempt chains", () => {
  it("'first 3 -> 503' gives 503, 503, 503, 200 to a retrying client; the chain has 4 attempts with intervals", async () => {
    await setRules("ci", [{ schedule: { kind: "first", n: 3 }, respond: { status: 503 } }]);
    const body = '{"repository":"ns/app","updated_tags":["v1"]}';
    expect(await retryingClient("ci", body, [100, 200, 300, 300])).toEqual([503, 503, 503, 200]);
    const [chain] = await chains("ci");
    expect(chain?.attempts.map((a) => a.status)).toEqual([503, 503, 503, 200]);
    expect(chain?.outcome).toBe("delivered");
    expect(chain?.intervalsMs).toHaveLength(3);
    expect(chain?.intervalsMs[0]).toBeGreaterThanOrEqual(100);
    expect(chain?.intervalsMs[1]).toBeGreaterThanOrEqual(200);

    // the same body again is a new event (a second push), failing 3 times again
    expect((await post("ci", body)).status).toBe(503);
    expect(await chains("ci")).toHaveLength(2);

    const wait = runQuayside([
      "wait",
      "--endpoint",
      "ci",
      "--attempts",
      "4",
      "--timeout",
      "5s",
      "--since",
      "5m", // the chain is older than this wait, which by default looks only at new ones
      "--console",
      server.console,
    ]);
    expect(await wait.exited).toBe(0);
    expect(wait.output()).toMatch(/503/);
    const miss = runQuayside([
      "wait",
      "--endpoint",
      "ci",
      "--attempts",
      "9",
      "--timeout",
      "700ms",
      "--since",
      "5m",
      "--console",
      server.console,
    ]);
    expect(await miss.exited).toBe(1);
  });

  it("'sequence' answers attempt k of each event with statuses[k-1], then the default", async () => {
    await setRules("seq", [
      { schedule: { kind: "sequence", statuses: [500, 429] }, respond: { status: 500 } },
    ]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post("seq", '{"a":1}')).status);
    expect(statuses).toEqual([500, 429, 200]);
    expect((await post("seq", '{"a":2}')).status).toBe(500);
  });

  it("'every 2' fails every second delivery and 'always' with a match fails only matching repositories", async () => {
    await setRules("every", [{ schedule: { kind: "every", n: 2 }, respond: { status: 502 } }]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post("every", `{"i":${i}}`)).status);
    expect(statuses).toEqual([200, 502, 200, 502]);

    await setRules("glob", [
      { when: { repository: "team/*" }, schedule: { kind: "always" }, respond: { status: 418, body: "no" } },
    ]);
    const quay = (repo: string) =>
      send(`${server.https}/hooks/glob/quay/repo_push`, {
        body: JSON.stringify({
          repository: repo,
          namespace: repo.split("/")[0],
          name: repo.split("/")[1],
          docker_url: `q/${repo}`,
          homepage: "h",
          updated_tags: ["x"],
        }),
        ca,
      });
    const hit = await quay("team/app");
    expect(hit.status).toBe(418);
    expect(hit.body).toBe("no");
    expect((await quay("other/app")).status).toBe(200);
  });

  it("'probability' with a seed makes the same decisions on every run", async () => {
    const run = async (endpoint: string) => {
      await setRules(endpoint, [
        { schedule: { kind: "probability", p: 0.5, seed: 42 }, respond: { status: 503 } },
      ]);
      const out = [];
      for (let i = 0; i < 12; i++) out.push((await post(endpoint, `{"i":${i}}`)).status);
      return out;
    };
    const a = await run("dice-a");
    const b = await run("dice-b");
    expect(a).toEqual(b);
    expect(a).toContain(503);
    expect(a).toContain(200);
  });

  it("URL overrides answer with the status after the delay", async () => {
    const started = Date.now();
    const res = await post("quick", "{}", "?status=503&delay=300");
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("'hang' holds the request until the client's own timeout fires, and it is recorded", async () => {
    await setRules("hang", [{ respond: { action: "hang" } }]);
    await expect(send(`${server.https}/hooks/hang`, { body: "{}", ca, timeoutMs: 800 })).rejects.toThrow(
      /client timeout/,
    );
    const [chain] = await chains("hang");
    expect(chain?.attempts[0]?.status).toBe(0);
  });

  it("'reset' resets the connection", async () => {
    await setRules("reset", [{ respond: { action: "reset" } }]);
    await expect(post("reset", "{}")).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|EPIPE/),
    });
    const page = (await (await fetch(`${server.console}/api/deliveries?endpoint=reset`)).json()) as {
      items: unknown[];
    };
    expect(page.items).toHaveLength(1);
  });

  it("refuses a bad rule with a message naming the field, keeping the stored rules", async () => {
    await setRules("keep", [{ respond: { status: 503 } }]);
    const res = await fetch(`${server.console}/api/endpoints/keep`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules: [{ respond: { status: 99 } }] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/status/);
    const stored = (await (await fetch(`${server.console}/api/endpoints/keep`)).json()) as { rules: Rule[] };
    expect(stored.rules).toEqual([{ respond: { status: 503 } }]);
  });
});
