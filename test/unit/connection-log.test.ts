// The connection log (<data>/connections.json): bounded, written at most once per interval,
// read back at start, a file that does not parse moved aside; reasons explained in words.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TlsErrorEvent } from "../../server/contract/index.ts";
import { MAX_STORED_CONNECTION_EVENTS, openConnectionLog } from "../../server/store/connections.ts";
import { explainHandshakeError } from "../../server/tls/handshake-words.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), "quayside-connlog-"));
  dirs.push(d);
  return d;
};
const event = (i: number): TlsErrorEvent => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  remote: `127.0.0.1:${10_000 + i}`,
  reason: "SSL alert number 48",
});
const stored = async (dir: string) =>
  (JSON.parse(await readFile(join(dir, "connections.json"), "utf8")) as { events: TlsErrorEvent[] }).events;

describe("connection log", () => {
  it(`keeps the last ${MAX_STORED_CONNECTION_EVENTS} across a reopen, oldest first, with words`, async () => {
    const dir = await tempDir();
    const log = await openConnectionLog(dir);
    for (let i = 0; i < MAX_STORED_CONNECTION_EVENTS + 50; i++) log.add(event(i));
    await log.close();
    const again = await openConnectionLog(dir);
    const list = again.list();
    expect(list).toHaveLength(MAX_STORED_CONNECTION_EVENTS);
    expect(list[0]?.remote).toBe(event(50).remote);
    expect(list.at(-1)?.remote).toBe(event(MAX_STORED_CONNECTION_EVENTS + 49).remote);
    expect(list[0]?.explanation).toMatch(/does not trust Quayside's CA; give it certs\/ca.pem/);
    await again.close();
  });

  it("writes the first event at once and later ones no sooner than the interval", async () => {
    const dir = await tempDir();
    const log = await openConnectionLog(dir, 60_000);
    log.add(event(1));
    await vi.waitFor(async () => expect(await stored(dir)).toHaveLength(1));
    log.add(event(2));
    log.add(event(3));
    // within the interval nothing more is written; close() writes what is left
    expect(await stored(dir)).toHaveLength(1);
    await log.close();
    expect((await stored(dir)).map((e) => e.remote)).toEqual([1, 2, 3].map((i) => event(i).remote));
  });

  it("moves a file that is not a connection list aside and starts empty", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "connections.json"), '{"events":[{"at":1}]}');
    const log = await openConnectionLog(dir);
    expect(log.list()).toEqual([]);
    expect(log.problem()).toMatch(/moved aside/);
    expect((await readdir(dir)).some((f) => f.startsWith("connections.json.corrupt-"))).toBe(true);
    await log.close();
  });
});

describe("failed handshakes in words", () => {
  it.each([
    [
      "error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48",
      "does not trust Quayside's CA",
    ],
    [
      "error:0A000412:SSL routines::sslv3 alert bad certificate:SSL alert number 42",
      "rejected Quayside's certificate",
    ],
    [
      "error:0A000416:SSL routines::sslv3 alert certificate unknown:SSL alert number 46",
      "certificate unknown",
    ],
    ["TLS handshake timeout", "did not finish the TLS handshake in time"],
    ["error:0A00010B:SSL routines::wrong version number", "TLS version"],
    ["error:0A0000C1:SSL routines::no shared cipher", "no cipher suite"],
    ["error:0A00009C:SSL routines::http request", "plain HTTP to the HTTPS port"],
    ["socket hang up", "closed the connection during the handshake"],
  ])("%s", (reason, words) => {
    expect(explainHandshakeError(reason)).toContain(words);
  });

  it("keeps a reason it does not know as it is", () => {
    expect(explainHandshakeError("something new")).toBe("the TLS handshake failed: something new");
  });
});
