// What retention and deletes leave on disk: a segment whose deliveries are all gone loses its
// files, the others keep theirs, and a reopened store lists exactly what was kept, in order, and
// numbers new deliveries after the newest kept one.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { createStore } from "../../server/store/index.ts";
import { SEGMENT_SIZE } from "../../server/store/segments.ts";
import type { Store } from "../../server/store/types.ts";
import { makeDelivery } from "../helpers/delivery.ts";

const dirs: string[] = [];
const open: Store[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => {});
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function store(retention: number, dir?: string, onEvicted?: (ids: string[]) => void) {
  const at = dir ?? (await mkdtemp(join(tmpdir(), "quayside-retention-")));
  if (!dir) dirs.push(at);
  const s = await createStore({ dir: at, retention, onEvicted });
  open.push(s);
  return { s, dir: at };
}

async function fill(s: Store, count: number): Promise<DeliveryDetail[]> {
  const added: DeliveryDetail[] = [];
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, () => makeDelivery());
    added.push(...(await Promise.all(batch.map((d) => s.add(d)))));
  }
  return added;
}

/** Segment numbers (the first is 1) that have any file in the data dir. */
async function segmentsOnDisk(dir: string): Promise<number[]> {
  const names = await readdir(join(dir, "segments"));
  return [...new Set(names.map((f) => Number(f.slice(0, 8))))].sort((a, b) => a - b);
}

/** Every id, newest first, page by page. */
async function allIds(s: Store): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await s.list({}, 500, cursor);
    ids.push(...page.items.map((i) => i.id));
    cursor = page.next;
  } while (cursor);
  return ids;
}

describe("retention on disk", () => {
  it("removes the files of a segment retention emptied, and keeps the rest", async () => {
    const evicted: string[] = [];
    const { s, dir } = await store(SEGMENT_SIZE + 100, undefined, (ids) => evicted.push(...ids));
    const added = await fill(s, 2 * SEGMENT_SIZE + 100);
    expect(s.count()).toBe(SEGMENT_SIZE + 100);
    expect(evicted).toEqual(added.slice(0, SEGMENT_SIZE).map((d) => d.id));
    await expect.poll(() => segmentsOnDisk(dir)).toEqual([2, 3]);
    const kept = added.slice(SEGMENT_SIZE).map((d) => d.id);
    await s.close();
    const again = await store(SEGMENT_SIZE + 100, dir);
    expect(await allIds(again.s)).toEqual([...kept].reverse());
    const next = await again.s.add(makeDelivery());
    expect(next.seq).toBe((added.at(-1) as DeliveryDetail).seq + 1);
  });

  it("applies a retention lowered between runs at start, files included", async () => {
    const { s, dir } = await store(10_000);
    const added = await fill(s, 2 * SEGMENT_SIZE + 100);
    await s.close();
    const evicted: string[] = [];
    const again = await store(50, dir, (ids) => evicted.push(...ids));
    expect(again.s.count()).toBe(50);
    expect(evicted).toHaveLength(2 * SEGMENT_SIZE + 50);
    expect(await allIds(again.s)).toEqual(
      added
        .slice(-50)
        .map((d) => d.id)
        .reverse(),
    );
    expect(await segmentsOnDisk(dir)).toEqual([3]);
  });

  it("keeps a store at exactly its retention as it is, and tells of no eviction", async () => {
    const calls: string[][] = [];
    const { s, dir } = await store(SEGMENT_SIZE + 1, undefined, (ids) => calls.push(ids));
    await fill(s, SEGMENT_SIZE + 1);
    expect(s.count()).toBe(SEGMENT_SIZE + 1);
    expect(calls).toEqual([]);
    expect(await segmentsOnDisk(dir)).toEqual([1, 2]);
  });
});

describe("deletes on disk", () => {
  it("drops a sealed segment's files when all its deliveries are deleted, and rewrites a partly deleted one", async () => {
    const { s, dir } = await store(10_000);
    const added = await fill(s, 2 * SEGMENT_SIZE + 10);
    const first = added.slice(0, SEGMENT_SIZE).map((d) => d.id);
    const fromSecond = added.slice(SEGMENT_SIZE, SEGMENT_SIZE + 3).map((d) => d.id);
    const fromActive = added.slice(-2).map((d) => d.id);
    expect((await s.remove([...first, ...fromSecond, ...fromActive])).sort()).toEqual(
      [...first, ...fromSecond, ...fromActive].sort(),
    );
    expect(await segmentsOnDisk(dir)).toEqual([2, 3]);
    await s.close();
    const again = await store(10_000, dir);
    const ids = await allIds(again.s);
    expect(ids).toHaveLength(SEGMENT_SIZE + 10 - 5);
    for (const gone of [...fromSecond, ...fromActive]) expect(ids).not.toContain(gone);
    expect(ids[0]).toBe(added.at(-3)?.id);
  });
});
