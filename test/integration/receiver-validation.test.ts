// Validation issues are bounded: a tiny gzip body that decodes to half a million wrong items is
// stored with at most 100 issues, the server's memory stays flat and /healthz keeps answering.
// The server runs as a child process (the real command) so its RSS is its own.
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { type Child, startChild } from "../helpers/child.ts";
import { send } from "../helpers/clients.ts";
import { sharedCertsDir } from "../helpers/server.ts";

let child: Child | null = null;
let data = "";
afterAll(async () => {
  child?.proc.kill("SIGKILL");
  await child?.exited;
  if (data) await rm(data, { recursive: true, force: true });
});

/** Resident set of a process in bytes (Linux /proc). */
const rss = (pid: number) => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
};

/** `{"updated_tags":[0,0,…]}` just under 1 MiB decoded: every item breaks Quay's tag schema. */
function wrongItems(): Buffer {
  const items = Math.floor((1024 * 1024 - 64) / 2);
  const json = `{"updated_tags":[${"0,".repeat(items - 1)}0]}`;
  expect(json.length).toBeLessThan(1024 * 1024);
  return gzipSync(json, { level: 9 });
}

describe("validation issues without bound", () => {
  it("stores at most 100 issues per delivery; 20 such deliveries keep RSS growth under 200 MB and /healthz fast", async () => {
    data = await mkdtemp(join(tmpdir(), "quayside-issues-"));
    const certs = await sharedCertsDir();
    child = await startChild(data, certs);
    const pid = child.proc.pid as number;
    const ca = await readFile(join(certs, "ca.pem"), "utf8");
    const body = wrongItems();
    expect(body.length).toBeLessThan(2048);
    const url = `${child.https}/hooks/flood/quay/repo_push`;
    const headers = { "content-encoding": "gzip" };

    // one delivery first (start-up allocations settle), then measure
    const first = await send(url, { body, ca, headers, timeoutMs: 20_000 });
    expect(first.status).toBe(200);
    const before = rss(pid);

    let sending = true;
    const healthz: number[] = [];
    const probe = (async () => {
      while (sending) {
        const t = performance.now();
        const res = await fetch(`${child?.http}/healthz`, { signal: AbortSignal.timeout(5_000) });
        expect(res.status).toBe(200);
        healthz.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    let peak = before;
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => send(url, { body, ca, headers, timeoutMs: 20_000 })),
      );
      for (const a of answers) expect(a.status).toBe(200);
      peak = Math.max(peak, rss(pid));
    }
    sending = false;
    await probe;
    expect(peak - before).toBeLessThan(200 * 1024 * 1024);
    expect(healthz.length).toBeGreaterThan(0);
    expect(Math.max(...healthz)).toBeLessThan(1000);

    const stored = (await (
      await fetch(`${child.console}/api/deliveries/${JSON.parse(first.body).delivery}`)
    ).json()) as DeliveryDetail;
    expect(stored.validity).toBe("invalid");
    expect(stored.validation.issues.length).toBeGreaterThan(0);
    expect(stored.validation.issues.length).toBeLessThanOrEqual(100);
    expect(stored.issueCount).toBeGreaterThanOrEqual(1);
    // the issues stay a small fraction of the (1 MiB decoded) body they describe
    expect(JSON.stringify(stored.validation).length).toBeLessThan(64 * 1024);
  }, 60_000);
});
