import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { indexed } from "../../server/store/filter.ts";
import { createSearcher, type Scan, type Searcher } from "../../server/store/search.ts";
import { searchPage } from "../../server/store/search-page.ts";
import { anchorPattern, recordMask, splitTerms } from "../../server/store/search-terms.ts";
import { toSummary } from "../../server/store/summary.ts";
import { makeDelivery } from "../helpers/delivery.ts";

const dir = mkdtempSync(join(tmpdir(), "quayside-search-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A sealed segment file holding `records`. */
function sealedFile(name: string, records: DeliveryDetail[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ deliveries: records }));
  return path;
}

/**
 * A named pipe: the worker's read of it waits until the test opens it for writing (so the test
 * knows the worker is on it) and ends when the test closes it. Makes "stop mid-scan" exact.
 */
function pipe(name: string): string {
  const path = join(dir, name);
  execFileSync("mkfifo", [path]);
  return path;
}

describe("search terms", () => {
  it("looks for the term as the file spells it: JSON-escaped, in any case", () => {
    const anchor = anchorPattern('say"hi\\x');
    const file = JSON.stringify({ body: { text: 'They SAY"Hi\\X' } });
    expect(anchor?.pattern.test(file)).toBe(true);
    expect(anchor?.pattern.test(JSON.stringify({ body: { text: "say hi" } }))).toBe(false);
  });

  it("counts a character whose lower case is ASCII (the Kelvin sign is k) in the pre-filter", () => {
    const record = makeDelivery({ text: "\u212Aubernetes" });
    const latin1 = Buffer.from(JSON.stringify(record)).toString("latin1");
    expect(recordMask(record, ["kubernetes"])).toBe(1);
    expect(anchorPattern("kubernetes")?.pattern.test(latin1)).toBe(true);
  });

  it("has no pre-filter for a term without ASCII, so every record is checked", () => {
    expect(anchorPattern("日本")).toBeNull();
    expect(anchorPattern("café")?.pattern.source).toBe("caf");
  });

  it("reads bodies, header values, path and query, but not the answer sent back", () => {
    const record = makeDelivery({
      text: "deep body",
      query: "?ref=Query",
      headers: [["X-Build", "Header-Value"]],
      response: { status: 200, headers: [], body: "answer", delayMs: 0, action: "respond", rule: null },
    });
    expect(recordMask(record, splitTerms("BODY query header-value hooks answer"))).toBe(0b01111);
  });
});

describe("the search worker", () => {
  let searcher: Searcher;
  afterEach(async () => {
    await searcher?.close();
  });

  it("stops scanning at the next file once stopped", async () => {
    searcher = createSearcher();
    const files = [
      { n: 3, path: sealedFile("3.json", [makeDelivery({ id: "hit", text: "a Needle here" })]), need: 1 },
      { n: 2, path: pipe("2.pipe"), need: 1 },
      { n: 1, path: sealedFile("1.json", [makeDelivery({ id: "older", text: "needle" })]), need: 1 },
    ];
    const scan = searcher.scan(files, ["needle"]);
    expect([...(await scan.matches(3))]).toEqual([["hit", 1]]);
    const writer = await open(files[1]?.path as string, "w"); // the worker is reading segment 2 now
    scan.stop();
    await writer.close();
    expect(await scan.finished).toEqual({ scanned: 2, stopped: true });
    expect(await scan.matches(1)).toEqual(new Map());
  });

  it("stops the worker's scan when the list request is aborted", async () => {
    const worker = createSearcher();
    let scan: Scan | undefined;
    searcher = { ...worker, scan: (files, terms) => (scan = worker.scan(files, terms)) };
    const records = [3, 2, 1].map((n) => makeDelivery({ id: `d${n}`, seq: n, text: "nothing" }));
    const index = [...records].reverse().map((d) => indexed({ summary: toSummary(d) }, d.seq));
    const paths = new Map([
      [3, sealedFile("s3.json", [records[0] as DeliveryDetail])],
      [2, pipe("s2.pipe")],
      [1, sealedFile("s1.json", [records[2] as DeliveryDetail])],
    ]);
    const source = { searcher, inMemory: () => null, file: (n: number) => paths.get(n) as string };
    const aborter = new AbortController();
    // the rejection is taken at once: it comes while the pipe is being closed below
    const page = searchPage(index, { q: "needle" }, 10, null, source, aborter.signal).then(
      () => null,
      (e: Error) => e,
    );
    const writer = await open(paths.get(2) as string, "w");
    aborter.abort();
    await writer.close();
    expect((await page)?.message).toMatch(/cancelled/);
    expect(await scan?.finished).toEqual({ scanned: 2, stopped: true });
  });
});
