// Start-up over hand-made segment folders: which files count as segments, a sealed segment read
// through its index (or rebuilt from its file when the index is empty, damaged or missing), the
// journal left beside a sealed file, and which segment new deliveries go to.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { encodeIndex } from "../../server/store/index-file.ts";
import { loadSegments } from "../../server/store/load.ts";
import { createSegmentFiles, SEGMENT_SIZE } from "../../server/store/segments.ts";
import { toSummary } from "../../server/store/summary.ts";
import { createTracked } from "../../server/store/tracked.ts";
import { makeDelivery } from "../helpers/delivery.ts";
import { tempDirs } from "../helpers/segment-files.ts";

const tempDir = tempDirs("quayside-load-");
const name = (n: number) => String(n).padStart(8, "0");
const records = (prefix: string, count: number): DeliveryDetail[] =>
  Array.from({ length: count }, (_, i) => makeDelivery({ id: `${prefix}${i}`, endpoint: prefix }));

/** A segments folder with the given files: sealed segments (with or without an index) and journals. */
async function folder(files: Record<string, string>) {
  const dir = join(tempDir(), "segments");
  await mkdir(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) await writeFile(join(dir, f), text);
  return dir;
}
const sealedText = (ds: DeliveryDetail[]) => JSON.stringify({ deliveries: ds });
const indexText = (ds: DeliveryDetail[]) => JSON.stringify(encodeIndex(ds.map(toSummary)));
const journalText = (ds: DeliveryDetail[]) => ds.map((d) => `\n${JSON.stringify(d)}`).join("");

async function load(dir: string) {
  const files = createSegmentFiles(dir);
  const tracked = createTracked();
  const active = await loadSegments(files, tracked);
  const ids = tracked.index.map((i) => `${i.segment}:${i.summary.id}`);
  return { files, tracked, active, ids, endpoints: Object.fromEntries(tracked.perEndpoint) };
}

describe("start-up over a segments folder", () => {
  it("counts only NNNNNNNN.json and NNNNNNNN.log as segments, in number order", async () => {
    const dir = await folder({
      [`${name(10)}.json`]: sealedText([]),
      [`${name(2)}.json`]: sealedText([]),
      [`${name(3)}.log`]: "",
      [`${name(1)}.log`]: "",
      [`x${name(4)}.json`]: "",
      [`${name(5)}.log.bak`]: "",
      [`${name(6)}.json.corrupt-2026`]: "",
      [`${name(7).slice(1)}.json`]: "",
      [`${name(8)}.idx.json`]: "",
    });
    const listing = await createSegmentFiles(dir).init();
    expect(listing).toEqual({ numbers: [1, 2, 3, 10], sealed: new Set([2, 10]), journals: new Set([1, 3]) });
  });

  it("tracks a sealed segment's summaries from its index, not from its file", async () => {
    const ds = records("a", 2);
    const fromIndex = ds.map((d) => ({ ...d, endpoint: "from-index" }));
    const dir = await folder({
      [`${name(1)}.json`]: sealedText(ds),
      [`${name(1)}.idx.json`]: indexText(fromIndex),
    });
    const { ids, endpoints, active } = await load(dir);
    expect(ids).toEqual(["1:a0", "1:a1"]);
    expect(endpoints).toEqual({ "from-index": 2 });
    // every segment is sealed: new deliveries go to the next one
    expect(active.n).toBe(2);
    expect(active.db.data.deliveries).toEqual([]);
  });

  it.each([
    ["an empty index", JSON.stringify({ v: 2, strings: [], rows: [] })],
    ["a damaged index", '{"v":2,"strings":['],
  ])("rebuilds %s from the sealed file and writes it anew", async (_what, text) => {
    const ds = records("b", 2);
    const dir = await folder({ [`${name(1)}.json`]: sealedText(ds), [`${name(1)}.idx.json`]: text });
    const { ids, endpoints } = await load(dir);
    expect(ids).toEqual(["1:b0", "1:b1"]);
    expect(endpoints).toEqual({ b: 2 });
    expect(await readFile(join(dir, `${name(1)}.idx.json`), "utf8")).toBe(indexText(ds));
  });

  it("skips a sealed segment whose file is damaged too, and writes no index for it", async () => {
    const dir = await folder({
      [`${name(1)}.json`]: '{"deliveries":[',
      [`${name(2)}.log`]: journalText(records("c", 1)),
    });
    const { ids, files } = await load(dir);
    expect(ids).toEqual(["2:c0"]);
    expect(files.problems).toHaveLength(1);
    const left = (await readdir(dir)).sort();
    expect(left).toHaveLength(2);
    expect(left[0]).toMatch(new RegExp(`^${name(1)}\\.json\\.corrupt-`));
    expect(left[1]).toBe(`${name(2)}.log`);
  });

  it("removes a journal left beside its sealed file and reads the sealed one", async () => {
    const ds = records("d", 2);
    const dir = await folder({
      [`${name(1)}.json`]: sealedText(ds),
      [`${name(1)}.idx.json`]: indexText(ds),
      [`${name(1)}.log`]: journalText(ds.slice(0, 1)),
    });
    const { ids } = await load(dir);
    expect(ids).toEqual(["1:d0", "1:d1"]);
    expect((await readdir(dir)).sort()).toEqual([`${name(1)}.idx.json`, `${name(1)}.json`]);
  });

  it("leaves a stray index beside a journal unread", async () => {
    const dir = await folder({
      [`${name(1)}.json`]: sealedText(records("e", 1)),
      [`${name(1)}.idx.json`]: indexText(records("e", 1)),
      [`${name(2)}.log`]: journalText(records("f", 1)),
      [`${name(2)}.idx.json`]: "not an index",
    });
    const { ids, files, active } = await load(dir);
    expect(ids).toEqual(["1:e0", "2:f0"]);
    expect(files.problems).toEqual([]);
    expect(await readFile(join(dir, `${name(2)}.idx.json`), "utf8")).toBe("not an index");
    expect(active.n).toBe(2);
  });

  it("keeps the newest journal active below a segment's size and seals it when full", async () => {
    const short = await folder({ [`${name(1)}.log`]: journalText(records("g", SEGMENT_SIZE - 1)) });
    const one = await load(short);
    expect([one.active.n, one.active.db.data.deliveries.length]).toEqual([1, SEGMENT_SIZE - 1]);

    const full = await folder({ [`${name(1)}.log`]: journalText(records("h", SEGMENT_SIZE)) });
    const two = await load(full);
    expect([two.active.n, two.active.db.data.deliveries.length]).toEqual([2, 0]);
    expect(two.ids).toHaveLength(SEGMENT_SIZE);
    expect((await readdir(full)).sort()).toEqual([`${name(1)}.idx.json`, `${name(1)}.json`]);
  });

  it("starts the segment after the highest number when the last one is sealed", async () => {
    const dir = await folder({
      [`${name(1)}.json`]: sealedText(records("i", 1)),
      [`${name(1)}.idx.json`]: indexText(records("i", 1)),
      [`${name(5)}.json`]: sealedText(records("j", 1)),
      [`${name(5)}.idx.json`]: indexText(records("j", 1)),
      [`${name(9)}.json`]: sealedText(records("k", 1)),
      [`${name(9)}.idx.json`]: indexText(records("k", 1)),
    });
    const { active, ids } = await load(dir);
    expect(ids).toEqual(["1:i0", "5:j0", "9:k0"]);
    expect(active.n).toBe(10);
  });
});
