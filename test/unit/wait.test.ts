import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseDuration, runWait } from "../../server/cli/wait.ts";
import type { ChainView } from "../../server/contract/types.ts";

function chain(over: Partial<ChainView> & { statuses: number[] }): ChainView {
  const start = Date.parse("2025-05-01T10:00:00.000Z");
  const { statuses, ...rest } = over;
  const attempts = statuses.map((status, i) => ({
    deliveryId: `d${i + 1}`,
    at: new Date(start + i * 31_000).toISOString(),
    status,
  }));
  return {
    id: "abc.1",
    endpoint: "ci",
    registry: "quay",
    event: "repo_push",
    attempts,
    intervalsMs: attempts.slice(1).map(() => 31_000),
    outcome: "failing",
    profile: {
      registry: "quay",
      expected: "3 attempts, ~30 s apart, 10 s timeout",
      verdict: "matches",
      notes: [],
    },
    ...rest,
  };
}

/** A console stand-in on 127.0.0.1:0 answering every poll with `handle(req, pollNumber)`. */
async function startConsole(
  handle: (req: IncomingMessage, polls: number) => { status?: number; body: unknown },
) {
  let polls = 0;
  const server = createServer((req, res) => {
    polls += 1;
    const { status = 200, body } = handle(req, polls);
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, polls: () => polls };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("runWait", () => {
  it("exits 0 once the endpoint has a chain of the event with enough attempts", async () => {
    const requested: string[] = [];
    const { url } = await startConsole((req, polls) => {
      requested.push(req.url ?? "");
      const other = chain({ id: "other.1", event: "build_start", statuses: [503, 503, 503] });
      // The second attempt of the awaited event shows up on the third poll.
      const awaited = chain({ statuses: polls >= 3 ? [503, 200] : [503] });
      return { body: [other, awaited] };
    });
    const result = await runWait({
      console: url,
      endpoint: "ci",
      event: "quay/repo_push",
      attempts: 2,
      timeoutMs: 10_000,
    });
    expect(result.exitCode).toBe(0);
    expect(requested.length).toBeGreaterThanOrEqual(3);
    expect(requested[0]).toBe("/api/chains?endpoint=ci");
    expect(result.output).toContain("chain abc.1 on ci: quay/repo_push");
    expect(result.output).toMatch(/attempt 1 {2}503 +2025-05-01T10:00:00\.000Z/);
    expect(result.output).toMatch(/attempt 2 {2}200 +\+31 s/);
    expect(result.output).toContain("expected: 3 attempts, ~30 s apart, 10 s timeout (matches)");
  });

  it("prints the ChainView itself with json", async () => {
    const awaited = chain({ statuses: [0, 503, 200], outcome: "delivered" });
    const { url } = await startConsole(() => ({ body: [awaited] }));
    const result = await runWait({ console: url, endpoint: "ci", timeoutMs: 5000, json: true });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.output)).toEqual(awaited);
  });

  it("matches an event given without its registry", async () => {
    const { url } = await startConsole(() => ({
      body: [chain({ registry: "harbor", event: "PUSH_ARTIFACT", statuses: [200] })],
    }));
    const result = await runWait({ console: url, endpoint: "ci", event: "PUSH_ARTIFACT", timeoutMs: 5000 });
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain("harbor/PUSH_ARTIFACT");
  });

  it("exits 1 on timeout and prints the chains it saw", async () => {
    const { url, polls } = await startConsole(() => ({ body: [chain({ statuses: [503] })] }));
    const result = await runWait({
      console: url,
      endpoint: "ci",
      event: "quay/repo_push",
      attempts: 3,
      timeoutMs: 600,
    });
    expect(result.exitCode).toBe(1);
    expect(polls()).toBeGreaterThanOrEqual(2);
    expect(result.output).toContain(
      "timed out after 600 ms waiting for quay/repo_push with 3 attempts on endpoint ci",
    );
    expect(result.output).toContain("seen: 1 matching chain(s), none with enough attempts");
    expect(result.output).toContain("attempt 1  503");
  });

  it("ignores chains of other events and says so with json on timeout", async () => {
    const { url } = await startConsole(() => ({ body: [chain({ event: "build_start", statuses: [200] })] }));
    const result = await runWait({
      console: url,
      endpoint: "ci",
      event: "quay/repo_push",
      timeoutMs: 300,
      json: true,
    });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.output)).toMatchObject({ timeout: true, chains: [] });
  });

  it("ignores chains that started before since", async () => {
    const { url } = await startConsole(() => ({ body: [chain({ statuses: [200] })] }));
    const result = await runWait({
      console: url,
      endpoint: "ci",
      timeoutMs: 300,
      since: Date.parse("2025-05-02T00:00:00Z"),
    });
    expect(result.exitCode).toBe(1);
  });

  it("sends the token as a bearer and stops at once when the console refuses", async () => {
    const seen: (string | undefined)[] = [];
    const { url } = await startConsole((req) => {
      seen.push(req.headers.authorization);
      return req.headers.authorization === "Bearer s3cret"
        ? { body: [chain({ statuses: [200] })] }
        : { status: 401, body: { error: { code: "unauthorized", message: "no" } } };
    });
    const refused = await runWait({ console: url, endpoint: "ci", timeoutMs: 60_000 });
    expect(refused.exitCode).toBe(2);
    expect(refused.output).toContain("--token");
    const allowed = await runWait({ console: url, endpoint: "ci", timeoutMs: 5000, token: "s3cret" });
    expect(allowed.exitCode).toBe(0);
    expect(seen).toEqual([undefined, "Bearer s3cret"]);
  });

  it("keeps trying while the console is unreachable and reports the last error", async () => {
    const { url } = await startConsole(() => ({ body: [] }));
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const result = await runWait({ console: url, endpoint: "ci", timeoutMs: 300 });
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain("last error:");
  });

  it("stops when aborted", async () => {
    const { url } = await startConsole(() => ({ body: [] }));
    const controller = new AbortController();
    const pending = runWait({ console: url, endpoint: "ci", timeoutMs: 60_000 }, controller.signal);
    controller.abort();
    expect((await pending).exitCode).toBe(130);
  });
});

describe("parseDuration", () => {
  it("reads ms, s, m, h and bare seconds", () => {
    expect(parseDuration("1500ms")).toBe(1500);
    expect(parseDuration("60s")).toBe(60_000);
    expect(parseDuration("2m")).toBe(120_000);
    expect(parseDuration("1.5s")).toBe(1500);
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("30")).toBe(30_000);
  });

  it("refuses what is not a duration", () => {
    expect(() => parseDuration("soon")).toThrow(/not a duration/);
    expect(() => parseDuration("-5s")).toThrow(RangeError);
    expect(() => parseDuration("")).toThrow(RangeError);
  });
});
