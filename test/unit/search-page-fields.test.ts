// A page of a `q` search, step by step: summary fields first (no file is read when they decide),
// then only the terms they lack are looked for in the records, segment by segment, newest first;
// the cursor says whether more may follow; a long search lets other work run; an abort stops it
// and the scan behind it. The searcher here answers from the records in memory and notes what it
// was asked (the worker's own scanning is tested in search-scan and search tests).
import { describe, expect, it } from "vitest";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { indexed } from "../../server/store/filter.ts";
import type { Scan, Searcher } from "../../server/store/search.ts";
import { type SearchSource, searchPage } from "../../server/store/search-page.ts";
import { MAX_TERMS, recordMask } from "../../server/store/search-terms.ts";
import { toSummary } from "../../server/store/summary.ts";
import { makeDelivery } from "../helpers/delivery.ts";

interface Segments {
  /** Oldest segment first; each segment's records oldest first. */
  records: DeliveryDetail[][];
  /** Segments held in memory (the rest are "files" the searcher scans). */
  inMemory: number[];
}

function source({ records, inMemory }: Segments) {
  const asked: { files: { n: number; need: number }[]; terms: string[] }[] = [];
  let stops = 0;
  const searcher: Searcher = {
    scan(files, terms): Scan {
      asked.push({ files: files.map(({ n, need }) => ({ n, need })), terms });
      return {
        matches: async (n) => {
          const found = new Map<string, number>();
          for (const r of records[n] ?? []) {
            const mask = recordMask(r, terms);
            if (mask) found.set(r.id, mask);
          }
          return found;
        },
        stop: () => {
          stops += 1;
        },
        finished: Promise.resolve({ scanned: files.length, stopped: false }),
      };
    },
    close: async () => {},
  };
  const src: SearchSource = {
    inMemory: (n) => (inMemory.includes(n) ? (records[n] ?? []) : null),
    file: (n) => `/segments/${n}`,
    searcher,
  };
  const index = records.flatMap((seg, n) => seg.map((d) => indexed({ summary: toSummary(d) }, n)));
  return { src, index, asked, stops: () => stops };
}

const push = (repository: string, text: string) =>
  makeDelivery({ repository, text: JSON.stringify({ repository, note: text }) });

describe("a search page", () => {
  it("fills a page from the newest segment on, and says more follows only when it does", async () => {
    const older = [push("ns/a", "needle 1")];
    const newer = [push("ns/a", "needle 2"), push("ns/a", "needle 3")];
    const { src, index } = source({ records: [older, newer], inMemory: [0, 1] });
    const ids = (p: { items: { id: string }[] }) => p.items.map((i) => i.id);
    const two = await searchPage(index, { q: "needle" }, 2, null, src);
    expect(ids(two)).toEqual([newer[1]?.id, newer[0]?.id]);
    expect(two.next).toBe(String(newer[0]?.seq));
    const one = await searchPage(index, { q: "needle" }, 1, null, src);
    expect(one.next).toBe(String(newer[1]?.seq));
    const all = await searchPage(index, { q: "needle" }, 3, null, src);
    expect(ids(all)).toEqual([newer[1]?.id, newer[0]?.id, older[0]?.id]);
    expect(all.next).toBeNull();
    const rest = await searchPage(index, { q: "needle" }, 2, two.next, src);
    expect(ids(rest)).toEqual([older[0]?.id]);
    expect(rest.next).toBeNull();
  });

  it("ends a full page on the very last match with no cursor", async () => {
    const only = [push("ns/a", "needle"), push("ns/a", "x")];
    const { src, index } = source({ records: [only], inMemory: [0] });
    const page = await searchPage(index, { q: "needle" }, 1, null, src);
    expect(page.items.map((i) => i.id)).toEqual([only[0]?.id]);
    expect(page.next).toBeNull();
  });

  it("reads no file when the summaries hold every term, and lists everything without q", async () => {
    const files = [[push("ns/app", "a")], [push("ns/app", "b")]];
    const { src, index, asked } = source({ records: files, inMemory: [] });
    const page = await searchPage(index, { q: "ns/app" }, 10, null, src);
    expect(page.items).toHaveLength(2);
    expect(asked).toEqual([]);
    expect((await searchPage(index, {}, 10, null, src)).items).toHaveLength(2);
    expect(asked).toEqual([]);
  });

  it("asks the files only for the terms their summaries lack", async () => {
    const files = [[push("ns/app", "deep word")], [push("other/x", "deep word")]];
    const { src, index, asked } = source({ records: files, inMemory: [] });
    const page = await searchPage(index, { q: "ns/app deep" }, 10, null, src);
    expect(page.items.map((i) => i.id)).toEqual([files[0]?.[0]?.id]);
    // segment 0's summary holds "ns/app" (bit 0): only "deep" (bit 1) is needed there
    expect(asked).toEqual([
      {
        files: [
          { n: 1, need: 0b11 },
          { n: 0, need: 0b10 },
        ],
        terms: ["ns/app", "deep"],
      },
    ]);
  });

  it("takes exactly MAX_TERMS words and refuses one more with 400", async () => {
    const { src, index } = source({ records: [[push("ns/a", "x")]], inMemory: [0] });
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");
    await expect(searchPage(index, { q: words(MAX_TERMS) }, 10, null, src)).resolves.toMatchObject({
      items: [],
    });
    await expect(searchPage(index, { q: words(MAX_TERMS + 1) }, 10, null, src)).rejects.toMatchObject({
      status: 400,
      message: `q may hold at most ${MAX_TERMS} words`,
    });
  });

  it("stops with an AbortError, and stops the scan, when the request goes away", async () => {
    const files = [[push("ns/a", "needle")]];
    const { src, index, stops } = source({ records: files, inMemory: [] });
    const aborted = AbortSignal.abort();
    const error = await searchPage(index, { q: "needle" }, 10, null, src, aborted).catch((e) => e);
    expect(error).toMatchObject({ name: "AbortError", message: "the search was cancelled" });
    expect(stops()).toBeGreaterThanOrEqual(1);
    // a finished search stops its scan once and leaves no listener on the signal
    const controller = new AbortController();
    const before = stops();
    await searchPage(index, { q: "needle" }, 10, null, src, controller.signal);
    expect(stops()).toBe(before + 1);
    controller.abort();
    expect(stops()).toBe(before + 1);
  });

  /** Runs `search` and says whether a callback queued just before it ran before it finished. */
  async function letsOthersRun(search: () => Promise<unknown>): Promise<boolean> {
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    await search();
    return ran;
  }

  it("lets other work run while it reads large bodies held in memory", async () => {
    // few summaries (their pass is short), megabytes of bodies to read: the deep pass must yield
    const big = Array.from({ length: 100 }, (_, i) => push("ns/a", `${"word ".repeat(40_000)} ${i}`));
    const { src, index } = source({ records: [big], inMemory: [0] });
    const search = () => searchPage(index, { q: "nowhere-to-be-found" }, 10, null, src);
    expect(await letsOthersRun(search)).toBe(true);
  });

  it("lets other work run while it matches many summaries", async () => {
    // 40 segments of 500, every summary holds the word: no deep pass, only summaries to match
    const segments = Array.from({ length: 40 }, () => Array.from({ length: 500 }, () => push("ns/a", "x")));
    const { src, index, asked } = source({ records: segments, inMemory: [] });
    const search = () => searchPage(index, { q: "ns/a" }, 10, null, src);
    expect(await letsOthersRun(search)).toBe(true);
    expect(asked).toEqual([]);
  });
});
