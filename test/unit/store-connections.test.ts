// A stored connections.json is input too: each event's fields are checked (text, at most 1,000
// characters) and a file with one bad event is moved aside whole; nothing is written until a
// failed handshake is added.
import { access, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TlsErrorEvent } from "../../server/contract/index.ts";
import { MAX_STORED_CONNECTION_EVENTS, openConnectionLog } from "../../server/store/connections.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), "quayside-conn-"));
  dirs.push(d);
  return d;
};
const event = (i: number) => ({ at: `2026-01-01T00:00:${i}Z`, remote: `127.0.0.1:${i}`, reason: "r" });

/** Opens a log on a data dir holding `content` as connections.json; its events and problem. */
async function openWith(content: unknown) {
  const dir = await tempDir();
  await writeFile(join(dir, "connections.json"), JSON.stringify(content));
  const log = await openConnectionLog(dir);
  const result = { remotes: log.list().map((e) => e.remote), problem: log.problem() };
  await log.close();
  return result;
}

describe("stored connection events", () => {
  it("keeps a field of exactly 1,000 characters and refuses the file at 1,001", async () => {
    const ok = await openWith({ events: [{ ...event(1), reason: "x".repeat(1000) }] });
    expect(ok).toEqual({ remotes: ["127.0.0.1:1"], problem: null });
    for (const field of ["at", "remote", "reason"]) {
      const bad = await openWith({ events: [event(1), { ...event(2), [field]: "x".repeat(1001) }] });
      expect(bad.remotes).toEqual([]);
      expect(bad.problem).toMatch(/moved aside/);
    }
  });

  it("refuses the whole file when any event is null, not an object, or missing a field", async () => {
    for (const odd of [
      null,
      "event",
      5,
      { at: "a", remote: "b" },
      { at: "a", reason: "c" },
      { remote: "b", reason: "c" },
    ]) {
      const result = await openWith({ events: [event(1), odd] });
      expect(result.remotes).toEqual([]);
      expect(result.problem).toMatch(/moved aside/);
    }
  });

  it("refuses a file that is null, a list, or has no events list", async () => {
    for (const content of [null, [event(1)], { events: "none" }, {}]) {
      const result = await openWith(content);
      expect(result).toEqual({ remotes: [], problem: expect.stringMatching(/moved aside/) });
    }
  });

  it("reads back the last stored events only, up to the cap", async () => {
    const events = Array.from({ length: MAX_STORED_CONNECTION_EVENTS + 1 }, (_, i) => event(i));
    const result = await openWith({ events });
    expect(result.remotes).toHaveLength(MAX_STORED_CONNECTION_EVENTS);
    expect(result.remotes[0]).toBe("127.0.0.1:1");
  });

  it("writes nothing when no event was added, and drops the oldest one past the cap", async () => {
    const dir = await tempDir();
    const log = await openConnectionLog(dir);
    await log.close();
    await expect(access(join(dir, "connections.json"))).rejects.toThrow();
    const full = await openConnectionLog(dir);
    for (let i = 0; i <= MAX_STORED_CONNECTION_EVENTS; i++) full.add(event(i) as TlsErrorEvent);
    expect(full.list()).toHaveLength(MAX_STORED_CONNECTION_EVENTS);
    expect(full.list()[0]?.remote).toBe("127.0.0.1:1");
    await full.close();
    const written = JSON.parse(await readFile(join(dir, "connections.json"), "utf8"));
    expect(written.events).toHaveLength(MAX_STORED_CONNECTION_EVENTS);
    await rm(join(dir, "connections.json"));
    // closed again with nothing new: nothing written again
    await full.close();
    expect(await readdir(dir)).toEqual([]);
  });
});
