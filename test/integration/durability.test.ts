import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, rmdir, stat, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DeliverySummary, Page } from "../../server/contract/index.ts";
import { runQuayside, startChild } from "../helpers/child.ts";
import { send } from "../helpers/clients.ts";
import { sharedCertsDir, startTestServer } from "../helpers/server.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("durability of the real command", () => {
  it("keeps every acknowledged delivery when killed with SIGKILL mid-burst", async () => {
    const data = await mkdtemp(join(tmpdir(), "quayside-kill-"));
    dirs.push(data);
    const certs = await sharedCertsDir();
    const child = await startChild(data, certs);
    const ca = await readFile(join(certs, "ca.pem"), "utf8");
    const acknowledged: string[] = [];
    let killed = false;
    const burst = Array.from({ length: 60 }, async (_, i) => {
      try {
        const res = await send(`${child.https}/hooks/burst`, {
          body: JSON.stringify({ i, pad: "x".repeat(1500) }),
          ca,
        });
        if (res.status === 200) {
          acknowledged.push(JSON.parse(res.body).delivery);
          if (acknowledged.length === 20 && !killed) {
            killed = true;
            child.proc.kill("SIGKILL");
          }
        }
      } catch {
        // connections cut by the kill never got a 2xx
      }
    });
    await Promise.all(burst);
    if (!killed) child.proc.kill("SIGKILL");
    await child.exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);

    // sealed files parse whole; a journal line that does not parse is a record cut off by the
    // kill, which was never acknowledged
    for (const file of await readdir(join(data, "segments"))) {
      const text = readFileSync(join(data, "segments", file), "utf8");
      if (file.endsWith(".json")) expect(() => JSON.parse(text)).not.toThrow();
      if (file.endsWith(".log")) {
        for (const line of text.split("\n").filter(Boolean)) {
          try {
            JSON.parse(line);
          } catch {
            for (const id of acknowledged) expect(line).not.toContain(id);
          }
        }
      }
    }

    const again = await startChild(data, certs);
    try {
      const list = (await (
        await fetch(`${again.console}/api/deliveries?endpoint=burst&limit=500`)
      ).json()) as Page<DeliverySummary>;
      const stored = new Set(list.items.map((d) => d.id));
      for (const id of acknowledged) expect(stored.has(id)).toBe(true);
    } finally {
      again.proc.kill("SIGTERM");
      await again.exited;
    }
  });

  it("moves a cut-off journal aside, says so in the banner and the API, and starts", async () => {
    const data = await mkdtemp(join(tmpdir(), "quayside-trunc-"));
    dirs.push(data);
    const certs = await sharedCertsDir();
    // the child makes the certificates on its first start: read the CA after it
    const first = await startChild(data, certs);
    const ca = await readFile(join(certs, "ca.pem"), "utf8");
    await send(`${first.https}/hooks/t`, { body: '{"a":1}', ca });
    first.proc.kill("SIGTERM");
    await first.exited;
    const segments = join(data, "segments");
    const [segment] = (await readdir(segments)).filter((f) => /^\d{8}\.log$/.test(f));
    expect((await stat(join(segments, segment as string))).mode & 0o777).toBe(0o600);
    // the record cut off as if the process died in the middle of writing it
    await truncate(join(segments, segment as string), 20);

    const again = await startChild(data, certs);
    try {
      expect(again.output()).toMatch(/WARNING: .*moved aside/);
      const health = (await (await fetch(`${again.console}/api/health`)).json()) as {
        storeWarnings: string[];
      };
      expect(health.storeWarnings.join(" ")).toMatch(/corrupt/);
      expect((await readdir(segments)).some((f) => f.includes(".corrupt-"))).toBe(true);
      expect((await send(`${again.https}/hooks/t`, { body: '{"a":2}', ca })).status).toBe(200);
    } finally {
      again.proc.kill("SIGTERM");
      await again.exited;
    }
  });

  it("answers 503 when a delivery cannot be written, says why in the log, and stores the next one", async () => {
    const server = await startTestServer();
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => {
      logged.push(args.join(" "));
    };
    try {
      // the journal the first delivery goes to cannot be opened: a directory stands in its place
      const journal = join(server.dataDir, "segments", "00000001.log");
      await mkdir(journal);
      const failed = await send(`${server.https}/hooks/w`, { body: '{"a":1}', ca: server.ca });
      expect(failed.status).toBe(503);
      expect(JSON.parse(failed.body).error.code).toBe("store_unavailable");
      expect(logged.join("\n")).toMatch(/could not store a delivery to w: .*EISDIR/);
      await rmdir(journal);
      const stored = await send(`${server.https}/hooks/w`, { body: '{"a":2}', ca: server.ca });
      expect(stored.status).toBe(200);
      const list = (await (
        await fetch(`${server.console}/api/deliveries?endpoint=w`)
      ).json()) as Page<DeliverySummary>;
      expect(list.items.map((d) => d.id)).toEqual([JSON.parse(stored.body).delivery]);
    } finally {
      console.error = original;
      await server.dispose();
    }
  });

  it("refuses a second instance on the same data dir with a clear message", async () => {
    const data = await mkdtemp(join(tmpdir(), "quayside-lock-"));
    dirs.push(data);
    const certs = await sharedCertsDir();
    const first = await startChild(data, certs);
    try {
      const second = runQuayside([
        "--https-port",
        "0",
        "--http-port",
        "0",
        "--console-port",
        "0",
        "--data",
        data,
        "--certs",
        certs,
      ]);
      expect(await second.exited).toBe(1);
      expect(second.output()).toMatch(/another Quayside \(pid \d+\) is using this data directory/);
    } finally {
      first.proc.kill("SIGTERM");
      await first.exited;
    }
  });
});
