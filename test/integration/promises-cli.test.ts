// README promises kept by the real command line: `serve --retention`, `wait --token` (and its
// exit codes), `export` redacting by default. Each runs `node server/bin.mjs` as a child process
// against a real `quayside serve` child on port 0.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliverySummary, Health, Page } from "../../server/contract/index.ts";
import { type Child, runQuayside, startChild } from "../helpers/child.ts";
import { send } from "../helpers/clients.ts";
import { sharedCertsDir } from "../helpers/server.ts";

const TOKEN = "promise-token-8f3a";
const cleanup: (() => Promise<unknown>)[] = [];
let ca: string;

async function serve(extra: string[]): Promise<Child> {
  const data = await mkdtemp(join(tmpdir(), "quayside-promises-"));
  const child = await startChild(data, await sharedCertsDir(), extra);
  cleanup.push(async () => {
    child.proc.kill("SIGTERM");
    await child.exited;
    await rm(data, { recursive: true, force: true });
  });
  return child;
}

async function deliver(child: Child, path: string, body: string): Promise<string> {
  const res = await send(`${child.https}${path}`, { body, ca });
  expect(res.status).toBe(200);
  return JSON.parse(res.body).delivery as string;
}

async function api<T>(child: Child, path: string, token?: string): Promise<T> {
  const res = await fetch(`${child.console}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** Runs a one-shot command and resolves with its exit code and everything it printed. */
async function run(args: string[], env: Record<string, string> = {}) {
  const child = runQuayside(args, { QUAYSIDE_TOKEN: "", ...env });
  const code = await child.exited;
  return { code, output: child.output() };
}

let secured: Child;
beforeAll(async () => {
  secured = await serve(["--token", TOKEN]);
  ca = await readFile(join(await sharedCertsDir(), "ca.pem"), "utf8");
}, 60_000);
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

describe("quayside serve --retention", () => {
  it("keeps only the newest N deliveries when started with --retention N", async () => {
    const child = await serve(["--retention", "10"]);
    const sent: string[] = [];
    for (let i = 0; i < 15; i++) sent.push(await deliver(child, "/hooks/keep", JSON.stringify({ i })));
    const page = await api<Page<DeliverySummary>>(child, "/api/deliveries?endpoint=keep&limit=100");
    expect(page.items.map((d) => d.id)).toEqual(sent.slice(5).reverse());
    expect((await api<Health>(child, "/api/health")).deliveries).toBe(10);
  }, 60_000);
});

describe("quayside wait against a console with a token", () => {
  it("exits 0 and prints the chain when given --token", async () => {
    await deliver(secured, "/hooks/waited/quay/repo_push", JSON.stringify({ repository: "ns/waited" }));
    const { code, output } = await run([
      "wait",
      "--endpoint",
      "waited",
      "--event",
      "quay/repo_push",
      "--token",
      TOKEN,
      "--console",
      secured.console,
      "--since",
      "5m",
      "--timeout",
      "5s",
    ]);
    expect(output).toMatch(/chain \S+ on waited: quay\/repo_push/);
    expect(code).toBe(0);
  }, 20_000);

  it("exits 2 naming the 401 when the token is missing, without waiting for the timeout", async () => {
    const started = Date.now();
    const { code, output } = await run([
      "wait",
      "--endpoint",
      "waited",
      "--console",
      secured.console,
      "--timeout",
      "10s",
    ]);
    expect(code).toBe(2);
    expect(output).toContain("refused the request (401)");
    expect(Date.now() - started).toBeLessThan(8000);
  }, 20_000);

  it("exits 1 on timeout when the endpoint saw nothing", async () => {
    const { code, output } = await run(
      ["wait", "--endpoint", "silent", "--console", secured.console, "--timeout", "1s"],
      { QUAYSIDE_TOKEN: TOKEN },
    );
    expect(output).toContain("timed out after");
    expect(output).toContain("seen: no matching chains");
    expect(code).toBe(1);
  }, 20_000);
});

describe("quayside export", () => {
  it("masks host names by default and keeps them with --no-redact", async () => {
    const id = await deliver(
      secured,
      "/hooks/exported/quay/repo_push",
      JSON.stringify({
        repository: "ns/app",
        docker_url: "quay.corp.internal/ns/app",
        homepage: "https://quay.corp.internal/repository/ns/app",
        updated_tags: ["latest"],
      }),
    );
    const env = { QUAYSIDE_TOKEN: TOKEN };
    const args = ["export", id, "--format", "md", "--console", secured.console];
    const redacted = await run(args, env);
    expect(redacted.code).toBe(0);
    expect(redacted.output).toContain("ns/app");
    expect(redacted.output).not.toContain("quay.corp.internal");
    const plain = await run([...args, "--no-redact"], env);
    expect(plain.code).toBe(0);
    expect(plain.output).toContain("quay.corp.internal");
  }, 20_000);
});
