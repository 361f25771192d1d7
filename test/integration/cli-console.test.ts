// The client commands (wait, export, send) find a running console through the same settings as
// `serve` (environment, quayside.config.json) and name the console in every failure.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runQuayside } from "../helpers/child.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let locked: TestServer;
let port: string;
beforeAll(async () => {
  server = await startTestServer();
  locked = await startTestServer({ token: "s3cret" }); // after: both share one certificate directory
  port = new URL(server.console).port;
  const res = await send(`${server.http}/hooks/env/quay/repo_push`, { body: '{"repository":"ns/env"}' });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await Promise.all([server?.dispose(), locked?.dispose()]);
});

/** A loopback port nothing listens on (taken from the OS, then released). */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const waitArgs = ["wait", "--endpoint", "env", "--since", "10m", "--timeout", "10s"];

describe("client commands find the console like serve does", () => {
  it("wait reads QUAYSIDE_CONSOLE_PORT when no --console is given", async () => {
    const run = runQuayside(waitArgs, { QUAYSIDE_CONSOLE_PORT: port });
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain("quay/repo_push");
  });

  it("wait reads consolePort from quayside.config.json in the working directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "quayside-cli-config-"));
    try {
      await writeFile(join(dir, "quayside.config.json"), JSON.stringify({ consolePort: Number(port) }));
      const run = runQuayside(waitArgs, {}, dir);
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain("quay/repo_push");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("wait against a port where nothing listens names the URL it tried and exits 1", async () => {
    const dead = await deadPort();
    const run = runQuayside(["wait", "--endpoint", "env", "--timeout", "600ms"], {
      QUAYSIDE_CONSOLE_PORT: String(dead),
    });
    expect(await run.exited).toBe(1);
    const out = run.output();
    expect(out).toContain(`could not reach the console at http://127.0.0.1:${dead}: connection refused`);
    expect(out).toContain("QUAYSIDE_CONSOLE_PORT");
    expect(out).not.toContain("fetch failed");
    expect(out).not.toContain("no matching chains");
  });

  it("export and send name the console they could not reach", async () => {
    const dead = String(await deadPort());
    const exp = runQuayside(["export", "d_1"], { QUAYSIDE_CONSOLE_PORT: dead });
    const snd = runQuayside(["send", "quay/repo_push", "--endpoint", "env"], { QUAYSIDE_CONSOLE_PORT: dead });
    expect(await exp.exited).toBe(1);
    expect(exp.output()).toContain(`could not reach the console at http://127.0.0.1:${dead}`);
    expect(await snd.exited).toBe(2);
    expect(snd.output()).toContain(`could not reach the console at http://127.0.0.1:${dead}`);
  });

  it("a 401 says the token is missing; QUAYSIDE_TOKEN is used by wait and export", async () => {
    const lockedPort = new URL(locked.console).port;
    const denied = runQuayside(["wait", "--endpoint", "env", "--timeout", "5s"], {
      QUAYSIDE_CONSOLE_PORT: lockedPort,
    });
    expect(await denied.exited).toBe(2);
    expect(denied.output()).toContain(
      `the console at http://127.0.0.1:${lockedPort} refused the request (401)`,
    );
    expect(denied.output()).toContain("the token is missing");
    const wrong = runQuayside(["export", "nope", "--token", "guess"], { QUAYSIDE_CONSOLE_PORT: lockedPort });
    expect(await wrong.exited).toBe(1);
    expect(wrong.output()).toContain("the token is wrong");
    const allowed = runQuayside(["export", "nope"], {
      QUAYSIDE_CONSOLE_PORT: lockedPort,
      QUAYSIDE_TOKEN: "s3cret",
    });
    expect(await allowed.exited).toBe(1);
    expect(allowed.output()).toContain("no delivery nope (not_found)");
  });
});
