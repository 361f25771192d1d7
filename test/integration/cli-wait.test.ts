// `quayside wait` in CI: it waits for the outcome asked for, and by default only for chains that
// began after it started, over a real console and a real retrying sender.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runQuayside } from "../helpers/child.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
});

const post = (endpoint: string, body: string) => send(`${server.http}/hooks/${endpoint}`, { body });

describe("quayside wait", () => {
  it("--outcome delivered waits past the failing attempts until the sender got through", async () => {
    const put = await fetch(`${server.console}/api/endpoints/sim`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules: [{ schedule: { kind: "first", n: 2 }, respond: { status: 503 } }] }),
    });
    expect(put.status).toBe(200);
    const wait = runQuayside([
      "wait",
      "--endpoint",
      "sim",
      "--event",
      "quay/repo_push",
      "--outcome",
      "delivered",
      "--since",
      "1m",
      "--timeout",
      "30s",
      "--console",
      server.console,
    ]);
    // send finds the console through the environment too
    const sender = runQuayside(
      [
        "send",
        "quay/repo_push",
        "--endpoint",
        "sim",
        "--retry",
        "quay",
        "--time-scale",
        "0.01",
        "--certs",
        server.certsDir,
      ],
      { QUAYSIDE_CONSOLE_PORT: new URL(server.console).port },
    );
    expect(await sender.exited, sender.output()).toBe(0);
    expect(await wait.exited).toBe(0);
    expect(wait.output()).toContain("quay/repo_push, delivered (3 attempts)");
    expect(wait.output()).toMatch(/attempt 1 {2}503[\s\S]*attempt 2 {2}503[\s\S]*attempt 3 {2}200/);
  });

  it("ignores chains from before it started unless --since reaches back to them", async () => {
    expect((await post("old", '{"before":true}')).status).toBe(200);
    const args = ["wait", "--endpoint", "old", "--console", server.console];
    const stale = runQuayside([...args, "--timeout", "700ms"]);
    expect(await stale.exited).toBe(1);
    expect(stale.output()).toMatch(/seen: no matching chains since \d{4}-/);

    const back = runQuayside([...args, "--since", "5m", "--timeout", "10s"]);
    expect(await back.exited).toBe(0);
    expect(back.output()).toContain("chain ");

    // a delivery that arrives while wait runs is what it waits for
    const fresh = runQuayside([...args, "--timeout", "20s"]);
    let exited = false;
    const code = fresh.exited.then((c) => {
      exited = true;
      return c;
    });
    for (let i = 0; i < 100 && !exited; i++) {
      await post("old", `{"after":${i}}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await code).toBe(0);
    expect(fresh.output()).not.toContain("timed out");
  });

  it("refuses a --since that is neither now, a duration nor a time", async () => {
    const run = runQuayside(["wait", "--endpoint", "x", "--since", "yesterday", "--console", server.console]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('--since: not a time: "yesterday"');
  });
});
