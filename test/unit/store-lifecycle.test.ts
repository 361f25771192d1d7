// The durable store from start to close over real files: the order and numbering after a restart,
// warnings, retention removing whole segments, deletes in the active segment, changes to a sealed
// segment, search over a sealed segment, and a close that leaves no file descriptor open.
import { readdirSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ReplayResult } from "../../server/contract/index.ts";
import { createStore } from "../../server/store/index.ts";
import { SEGMENT_SIZE } from "../../server/store/segments.ts";
import { makeDelivery } from "../helpers/delivery.ts";
import { tempDirs } from "../helpers/segment-files.ts";

const tempDir = tempDirs("quayside-lifecycle-");
const segmentFiles = async (dir: string) => (await readdir(join(dir, "segments"))).sort();
const REPLAY: ReplayResult = {
  at: "2026-01-01T00:00:00.000Z",
  target: "https://127.0.0.1:1/x",
  status: 200,
  headers: [],
  body: "",
  durationMs: 3,
};

describe("durable store lifecycle", () => {
  it("orders a journal written out of order by sequence and numbers on from the highest", async () => {
    const dir = tempDir();
    await mkdir(join(dir, "segments"), { recursive: true });
    const lines = [5, 3, 4].map((seq) => `\n${JSON.stringify({ ...makeDelivery({ id: `s${seq}` }), seq })}`);
    await writeFile(join(dir, "segments", "00000001.log"), lines.join(""));
    const store = await createStore({ dir, retention: 100 });
    expect(store.all().map((s) => s.seq)).toEqual([3, 4, 5]);
    expect(store.lastSeq()).toBe(5);
    expect((await store.add(makeDelivery())).seq).toBe(6);
    await store.close();
  });

  it("has no warnings in a fresh data dir and tells of an endpoints file moved aside", async () => {
    const dir = tempDir();
    const fresh = await createStore({ dir, retention: 10 });
    expect(fresh.warnings()).toEqual([]);
    await fresh.close();
    await writeFile(join(dir, "endpoints.json"), "{broken");
    const again = await createStore({ dir, retention: 10 });
    expect(again.warnings()).toHaveLength(1);
    expect(again.warnings()[0]).toMatch(/endpoints\.json could not be read and was moved aside/);
    await again.close();
  });

  it("closes every file it opened and releases the lock", async () => {
    const dir = tempDir();
    const before = readdirSync("/proc/self/fd").length;
    const store = await createStore({ dir, retention: 10 });
    await store.add(makeDelivery());
    await store.close();
    expect(readdirSync("/proc/self/fd")).toHaveLength(before);
    expect(await readdir(dir)).not.toContain("quayside.lock");
  });

  it("removes a segment from disk once retention has dropped all of it, and tells only of real drops", async () => {
    const dir = tempDir();
    const evicted: string[][] = [];
    const store = await createStore({ dir, retention: SEGMENT_SIZE, onEvicted: (ids) => evicted.push(ids) });
    const added: string[] = [];
    for (let i = 0; i < SEGMENT_SIZE; i++) added.push((await store.add(makeDelivery())).id);
    expect(evicted).toEqual([]);
    for (let i = 0; i < SEGMENT_SIZE; i++) added.push((await store.add(makeDelivery())).id);
    await store.close();
    expect(evicted.flat()).toEqual(added.slice(0, SEGMENT_SIZE));
    expect(evicted.every((ids) => ids.length > 0)).toBe(true);
    expect(await segmentFiles(dir)).toEqual(["00000002.log"]);
  });

  it("keeps the active journal, empty, when all of its deliveries are deleted", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 10 });
    const a = await store.add(makeDelivery());
    const b = await store.add(makeDelivery());
    expect((await store.remove([a.id, b.id])).sort()).toEqual([a.id, b.id].sort());
    expect(await segmentFiles(dir)).toEqual(["00000001.log"]);
    expect(await readFile(join(dir, "segments", "00000001.log"), "utf8")).toBe("");
    // later changes to the journal do not bring them back
    const c = await store.add(makeDelivery());
    await store.addReplay(c.id, REPLAY);
    await store.close();
    const again = await createStore({ dir, retention: 10 });
    expect(again.all().map((s) => s.id)).toEqual([c.id]);
    await again.close();
  });

  it("deletes one delivery of the active segment from its journal, writing no index for it", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 10 });
    const a = await store.add(makeDelivery());
    const b = await store.add(makeDelivery());
    await store.remove([a.id]);
    expect(await segmentFiles(dir)).toEqual(["00000001.log"]);
    await store.close();
    const again = await createStore({ dir, retention: 10 });
    expect(again.all().map((s) => s.id)).toEqual([b.id]);
    await again.close();
  });

  it("keeps a replay result on a sealed delivery, finds it by search, and removes a whole sealed segment", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 10_000 });
    const first = await store.add(makeDelivery({ text: '{"repository":"ns/needle-in-sealed"}' }));
    const sealedIds = [first.id];
    for (let i = 1; i < SEGMENT_SIZE; i++) sealedIds.push((await store.add(makeDelivery())).id);
    const last = await store.add(makeDelivery());
    await store.addReplay(first.id, REPLAY);
    expect((await store.list({ q: "needle-in-sealed" }, 10)).items.map((s) => s.id)).toEqual([first.id]);
    await store.close();

    const again = await createStore({ dir, retention: 10_000 });
    expect((await again.get(first.id))?.replays).toEqual([REPLAY]);
    expect((await again.remove(sealedIds)).length).toBe(SEGMENT_SIZE);
    expect(await segmentFiles(dir)).toEqual(["00000002.log"]);
    expect(again.all().map((s) => s.id)).toEqual([last.id]);
    await again.close();
  });
});
