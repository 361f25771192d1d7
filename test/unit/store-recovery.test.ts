// The durable store after a crash: a journal with a record cut off, a full journal never
// sealed, a truncated sealed segment. Whatever is complete is kept, the rest moved aside and
// reported, and the store starts.
import { appendFile, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createStore } from "../../server/store/index.ts";
import { SEGMENT_SIZE } from "../../server/store/segments.ts";
import type { NewDelivery } from "../../server/store/types.ts";
import { makeDelivery } from "../helpers/delivery.ts";
import { tempDirs } from "../helpers/segment-files.ts";

const tempDir = tempDirs("quayside-recovery-");
const delivery = (over: Partial<NewDelivery> = {}): NewDelivery => makeDelivery(over);

describe("durable store after a crash", () => {
  it("keeps every complete record of a journal with a record cut off, and moves the original aside", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 100 });
    const kept = await store.add(delivery());
    await store.close();
    const journal = join(dir, "segments", "00000001.log");
    // a crash in the middle of appending a record, while a concurrent append went through
    const after = { ...kept, id: "d-after", seq: kept.seq + 2 };
    await appendFile(journal, `\n{"id":"d-cut-off","endpoi\n${JSON.stringify(after)}`);
    const again = await createStore({ dir, retention: 100 });
    expect(again.all().map((d) => d.id)).toEqual([kept.id, "d-after"]);
    expect(again.warnings().join(" ")).toMatch(/2 complete deliveries were kept .*moved aside/);
    const segments = await readdir(join(dir, "segments"));
    expect(segments.some((f) => f.startsWith("00000001.log.corrupt-"))).toBe(true);
    await again.add(delivery());
    await again.close();
    const lines = (await readFile(journal, "utf8")).split("\n").filter(Boolean);
    expect(lines.map((l) => JSON.parse(l).id).slice(0, 2)).toEqual([kept.id, "d-after"]);
    expect(lines).toHaveLength(3);
  });

  it("seals a journal left full by a crash and drops an empty one at start", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 1000 });
    const records = [];
    for (let i = 0; i < SEGMENT_SIZE + 1; i++) records.push(await store.add(delivery()));
    await store.close();
    const segDir = join(dir, "segments");
    // as if the crash came before segment 1 was sealed, with an empty journal 2 opened
    const sealedFile = JSON.parse(await readFile(join(segDir, "00000001.json"), "utf8"));
    await writeFile(
      join(segDir, "00000001.log"),
      sealedFile.deliveries.map((d: unknown) => `\n${JSON.stringify(d)}`).join(""),
    );
    await rm(join(segDir, "00000001.json"));
    await rm(join(segDir, "00000001.idx.json"));
    // the last delivery moves to a journal 3, leaving journal 2 empty
    await writeFile(join(segDir, "00000003.log"), `\n${JSON.stringify(records.at(-1))}`);
    await writeFile(join(segDir, "00000002.log"), "");
    const again = await createStore({ dir, retention: 1000 });
    expect(again.count()).toBe(SEGMENT_SIZE + 1);
    expect((await readdir(segDir)).sort()).toEqual(["00000001.idx.json", "00000001.json", "00000003.log"]);
    await again.close();
  });

  it("moves a truncated sealed segment aside, says so, and starts", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 1000 });
    for (let i = 0; i <= SEGMENT_SIZE; i++) await store.add(delivery());
    await store.close();
    const segDir = join(dir, "segments");
    await writeFile(join(segDir, "00000001.json"), '{"deliveries":[{"id":"d');
    await rm(join(segDir, "00000001.idx.json"));
    const again = await createStore({ dir, retention: 1000 });
    expect(again.count()).toBe(1);
    expect(again.warnings().join(" ")).toMatch(/moved aside/);
    expect((await readdir(segDir)).some((f) => f.startsWith("00000001.json.corrupt-"))).toBe(true);
    await again.add(delivery());
    expect(again.count()).toBe(2);
    await again.close();
  });
});
