// Two store parts on their own: the in-memory tracking of summaries (counts per segment and per
// endpoint as deliveries come, load and go) and the journal's append that retries a file it
// could not open.
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DeliverySummary } from "../../server/contract/index.ts";
import { JournalFile } from "../../server/store/journal.ts";
import { toSummary } from "../../server/store/summary.ts";
import { createTracked } from "../../server/store/tracked.ts";
import { makeDelivery } from "../helpers/delivery.ts";

const summary = (endpoint: string): DeliverySummary => toSummary(makeDelivery({ endpoint }));

describe("tracked summaries", () => {
  it("counts a loaded segment per endpoint across runs, and forgets one delivery at a time", () => {
    const t = createTracked();
    const loaded = ["a", "a", "b", "a", "c", "c"].map(summary);
    t.trackSegment(loaded, 4);
    expect(Object.fromEntries(t.perEndpoint)).toEqual({ a: 3, b: 1, c: 2 });
    expect(Object.fromEntries(t.perSegment)).toEqual({ 4: 6 });
    t.untrack(loaded[2]?.id as string);
    expect(Object.fromEntries(t.perEndpoint)).toEqual({ a: 3, c: 2 });
    expect(Object.fromEntries(t.perSegment)).toEqual({ 4: 5 });
    t.untrack("unknown");
    t.untrack(loaded[2]?.id as string);
    expect(Object.fromEntries(t.perSegment)).toEqual({ 4: 5 });
    expect(t.byId.has(loaded[0]?.id as string)).toBe(true);
    expect(t.byId.has(loaded[2]?.id as string)).toBe(false);
  });

  it("counts nothing for an empty segment, and lists a segment's still-tracked summaries in its order", () => {
    const t = createTracked();
    t.trackSegment([], 1);
    expect(Object.fromEntries(t.perEndpoint)).toEqual({});
    const d = [
      makeDelivery({ endpoint: "x" }),
      makeDelivery({ endpoint: "x" }),
      makeDelivery({ endpoint: "y" }),
    ];
    for (const one of d) t.track({ summary: toSummary(one), segment: 2 });
    t.untrack(d[1]?.id as string);
    expect(t.itemsOf({ deliveries: d }).map((s) => s.id)).toEqual([d[0]?.id, d[2]?.id]);
    expect(Object.fromEntries(t.perEndpoint)).toEqual({ x: 1, y: 1 });
  });
});

describe("the journal's append", () => {
  let dir: string;
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("fails while its folder is missing, and opens the file again on the next append", async () => {
    dir = await mkdtemp(join(tmpdir(), "quayside-journal-"));
    const file = join(dir, "later", "00000001.log");
    const journal = new JournalFile(file);
    const first = makeDelivery();
    await expect(journal.append([first])).rejects.toMatchObject({ code: "ENOENT" });
    await mkdir(join(dir, "later"));
    const second = makeDelivery();
    await journal.append([second]);
    await journal.append([makeDelivery()]);
    const lines = (await readFile(file, "utf8")).split("\n").filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] as string).id).toBe(second.id);
    await journal.close();
  });
});
