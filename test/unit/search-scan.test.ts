// The search worker's scanning, run in process over real segment files in a temp dir.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ScanJob, ScanReply } from "../../server/store/search.ts";
import { bufferSize, KEPT_BUFFER, PIECE, readAll, runJob, scanFile } from "../../server/store/search-scan.ts";
import { anchorPattern } from "../../server/store/search-terms.ts";
import { makeDelivery } from "../helpers/delivery.ts";
import { tempDirs } from "../helpers/segment-files.ts";

const tempDir = tempDirs("quayside-scan-");
afterEach(() => vi.restoreAllMocks());

/** A sealed segment file holding `records`. */
function sealed(dir: string, name: string, records: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ deliveries: records }));
  return path;
}

/** A journal holding `records`, one per line. */
function journal(dir: string, name: string, records: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
  return path;
}

/** Scans one file for `terms`, requiring none of them in the file itself. */
function scan(path: string, terms: string[], need = 0): [string, number][] {
  return scanFile(path, need, terms, terms.map(anchorPattern));
}

/** Runs a job over `paths`, collecting its replies; `onReply` may act on each. */
function job(paths: string[], terms: string[], onReply?: (r: ScanReply, stop: Int32Array) => void) {
  const stop = new SharedArrayBuffer(4);
  const files = paths.map((path, n) => ({ n, path, need: 0 }));
  const replies: ScanReply[] = [];
  runJob({ id: 7, stop, terms, files } satisfies ScanJob, (r) => {
    replies.push(r);
    onReply?.(r, new Int32Array(stop));
  });
  return replies;
}

const filler = "x".repeat(800);

describe("scanning a file", () => {
  it("finds a word deep in a body, past the first 700 characters", () => {
    const dir = tempDir();
    const path = sealed(dir, "00000001.json", [
      makeDelivery({ id: "a", text: `${filler} Needle ${filler}` }),
      makeDelivery({ id: "b", text: filler }),
      makeDelivery({ id: "c", text: `${filler}needle` }),
    ]);
    expect(scan(path, ["needle"])).toEqual([
      ["a", 1],
      ["c", 1],
    ]);
  });

  it("finds header values, the path and the query, in a journal too", () => {
    const dir = tempDir();
    const records = [
      makeDelivery({ id: "h", headers: [["X-Build", "Build-Zeta"]] }),
      makeDelivery({ id: "p", path: "/hooks/ci/zeta" }),
      makeDelivery({ id: "q", query: "?ref=ZETA" }),
      makeDelivery({ id: "n" }),
    ];
    expect(scan(sealed(dir, "00000001.json", records), ["zeta"]).map(([id]) => id)).toEqual(["h", "p", "q"]);
    expect(scan(journal(dir, "00000002.log", records), ["zeta"])).toEqual([
      ["h", 1],
      ["p", 1],
      ["q", 1],
    ]);
    expect(scan(sealed(dir, "00000003.json", records), ["header:x-build=zeta"])).toEqual([["h", 1]]);
  });

  it("neither hits nor parses a file where a term is absent", () => {
    const dir = tempDir();
    const path = sealed(dir, "00000001.json", [makeDelivery({ id: "a", text: "alpha" })]);
    const parse = vi.spyOn(JSON, "parse");
    expect(scan(path, ["omega"])).toEqual([]);
    expect(parse).not.toHaveBeenCalled();
    expect(scan(path, ["alpha"])).toEqual([["a", 1]]);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it("skips the file when a term it must hold itself is absent, though another matches", () => {
    const dir = tempDir();
    const path = sealed(dir, "00000001.json", [makeDelivery({ id: "a", text: "alpha" })]);
    const parse = vi.spyOn(JSON, "parse");
    expect(scan(path, ["alpha", "omega"], 0b10)).toEqual([]);
    expect(parse).not.toHaveBeenCalled();
    // not needed in the file (a summary holds it): the record's own terms come back
    expect(scan(path, ["alpha", "omega"], 0b01)).toEqual([["a", 0b01]]);
    expect(scan(path, ["alpha", "omega"], 0b11)).toEqual([]);
  });

  it("reports per record which of several terms it holds", () => {
    const dir = tempDir();
    const path = sealed(dir, "00000001.json", [
      makeDelivery({ id: "both", text: `${filler} red`, headers: [["X-Color", "Blue"]] }),
      makeDelivery({ id: "red", text: "red" }),
      makeDelivery({ id: "blue", query: "?c=blue" }),
      makeDelivery({ id: "none", text: "green" }),
    ]);
    expect(scan(path, ["red", "blue"])).toEqual([
      ["both", 0b11],
      ["red", 0b01],
      ["blue", 0b10],
    ]);
  });

  it("finds a word that straddles two of the pieces the file is tested in", () => {
    const dir = tempDir();
    const record = (pad: number) => makeDelivery({ id: "s", text: `${"y".repeat(pad)}walrus` });
    // the record's size field grows with the pad: place it, then correct by where it landed
    const where = (pad: number) => JSON.stringify({ deliveries: [record(pad)] }).indexOf("walrus");
    const first = PIECE - 3 - where(0);
    const path = sealed(dir, "00000001.json", [record(first + PIECE - 3 - where(first))]);
    expect(readFileSync(path, "latin1").indexOf("walrus")).toBe(PIECE - 3);
    expect(scan(path, ["walrus"])).toEqual([["s", 1]]);
  });

  it("checks every record for a term with no ASCII to pre-filter on", () => {
    const dir = tempDir();
    const path = sealed(dir, "00000001.json", [
      makeDelivery({ id: "jp", text: "日本語" }),
      makeDelivery({ id: "en", text: "english" }),
    ]);
    expect(scan(path, ["日本"])).toEqual([["jp", 1]]);
  });

  it("skips records that are not deliveries, and lines cut off in a journal", () => {
    const dir = tempDir();
    const good = makeDelivery({ id: "ok", text: "kiwi" });
    const { query: _q, ...noQuery } = makeDelivery({ id: "bad1", text: "kiwi" });
    const records = [{ id: "bad0", body: { text: "kiwi" } }, noQuery, "kiwi", null, good];
    expect(scan(sealed(dir, "00000001.json", records), ["kiwi"])).toEqual([["ok", 1]]);
    const log = journal(dir, "00000002.log", records);
    writeFileSync(log, `${JSON.stringify(good).replace('"ok"', '"ok2"')}\n{"id":"cut","body":"kiwi`, {
      flag: "a",
    });
    expect(scan(log, ["kiwi"])).toEqual([
      ["ok", 1],
      ["ok2", 1],
    ]);
  });

  it("finds nothing in a corrupt, empty or non-delivery sealed file", () => {
    const dir = tempDir();
    const corrupt = join(dir, "00000001.json");
    writeFileSync(corrupt, '{"deliveries":[{"id":"kiwi"');
    const empty = join(dir, "00000002.json");
    writeFileSync(empty, "");
    const other = join(dir, "00000003.json");
    writeFileSync(other, '{"deliveries":"kiwi"}');
    expect(scan(corrupt, ["kiwi"])).toEqual([]);
    expect(scan(empty, ["kiwi"])).toEqual([]);
    expect(scan(other, ["kiwi"])).toEqual([]);
  });
});

describe("reading into the buffer", () => {
  it("answers -1 for a file removed since the job was planned", () => {
    expect(readAll(join(tempDir(), "00000009.json"))).toBe(-1);
  });

  it("grows the buffer for a segment bigger than it, and lets it go when the job ends", () => {
    const dir = tempDir();
    const big = "y".repeat(KEPT_BUFFER + 1000);
    const path = sealed(dir, "00000001.json", [
      makeDelivery({ id: "first", text: "walrus" }),
      makeDelivery({ id: "big", text: `${big} walrus` }),
    ]);
    expect(bufferSize()).toBe(KEPT_BUFFER);
    const replies = job([path], ["walrus"]);
    expect(replies).toEqual([
      {
        job: 7,
        n: 0,
        matches: [
          ["first", 1],
          ["big", 1],
        ],
      },
      { job: 7, done: { scanned: 1, stopped: false } },
    ]);
    expect(bufferSize()).toBe(KEPT_BUFFER);
    expect(readAll(path)).toBeGreaterThan(KEPT_BUFFER);
    expect(bufferSize()).toBe(2 * KEPT_BUFFER);
    job([], ["walrus"]);
    expect(bufferSize()).toBe(KEPT_BUFFER);
  });

  it("reads a file exactly the buffer's size whole", () => {
    const dir = tempDir();
    const path = join(dir, "00000001.json");
    writeFileSync(path, Buffer.alloc(KEPT_BUFFER, 0x20));
    expect(readAll(path)).toBe(KEPT_BUFFER);
    job([], []);
    expect(bufferSize()).toBe(KEPT_BUFFER);
  });
});

describe("running a job", () => {
  it("replies per file in order, skipping a removed one, then reports the end", () => {
    const dir = tempDir();
    const a = sealed(dir, "00000001.json", [makeDelivery({ id: "a", text: "otter" })]);
    const gone = join(dir, "00000002.json");
    const b = journal(dir, "00000003.log", [makeDelivery({ id: "b", text: "otter" })]);
    sealed(dir, "00000002.json", [makeDelivery({ id: "x", text: "otter" })]);
    rmSync(gone);
    expect(job([a, gone, b], ["otter"])).toEqual([
      { job: 7, n: 0, matches: [["a", 1]] },
      { job: 7, n: 1, matches: [] },
      { job: 7, n: 2, matches: [["b", 1]] },
      { job: 7, done: { scanned: 3, stopped: false } },
    ]);
  });

  it("ends at the next file once its stop flag is set", () => {
    const dir = tempDir();
    const paths = ["1", "2", "3"].map((n) =>
      sealed(dir, `0000000${n}.json`, [makeDelivery({ id: `d${n}`, text: "seal" })]),
    );
    const replies = job(paths, ["seal"], (r, stop) => {
      if ("n" in r && r.n === 1) Atomics.store(stop, 0, 1);
    });
    expect(replies).toEqual([
      { job: 7, n: 0, matches: [["d1", 1]] },
      { job: 7, n: 1, matches: [["d2", 1]] },
      { job: 7, done: { scanned: 2, stopped: true } },
    ]);
  });

  it("scans nothing when stopped before it starts", () => {
    const stop = new SharedArrayBuffer(4);
    new Int32Array(stop)[0] = 1;
    const replies: ScanReply[] = [];
    const path = sealed(tempDir(), "00000001.json", [makeDelivery({ id: "a", text: "seal" })]);
    runJob({ id: 3, stop, terms: ["seal"], files: [{ n: 0, path, need: 0 }] }, (r) => replies.push(r));
    expect(replies).toEqual([{ job: 3, done: { scanned: 0, stopped: true } }]);
  });

  it("reports an error thrown while scanning, and still lets a grown buffer go", () => {
    const dir = tempDir();
    const path = sealed(dir, "00000001.json", [makeDelivery({ id: "a", text: "z".repeat(KEPT_BUFFER) })]);
    const replies = job([path], ["zz"], (r) => {
      if ("n" in r) throw new Error("port closed");
    });
    expect(replies.at(-1)).toEqual({ job: 7, error: "port closed" });
    expect(bufferSize()).toBe(KEPT_BUFFER);
  });
});
