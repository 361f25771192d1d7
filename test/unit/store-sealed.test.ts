// Full segments leaving the active slot, over real files: what a seal writes (only deliveries still
// kept, nothing at all when none are), a seal queued twice, failed seals reported once per reason
// and tried again, and the two parsed segments kept for body look-ups.
import { readdirSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { recordOf } from "../../server/store/record-bytes.ts";
import { createSealedSegments } from "../../server/store/sealed.ts";
import { createSegmentFiles, type SegmentData, type SegmentFiles } from "../../server/store/segments.ts";
import { toSummary } from "../../server/store/summary.ts";
import { makeDelivery } from "../helpers/delivery.ts";
import { tempDirs } from "../helpers/segment-files.ts";

const tempDir = tempDirs("quayside-sealed-");
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});
const name = (n: number) => String(n).padStart(8, "0");

/** Sealed segments over a temp dir; seals run when the test calls `run()`; `failWith` makes them fail. */
function harness(kept: (d: DeliveryDetail) => boolean = () => true) {
  const dir = tempDir();
  const real = createSegmentFiles(dir);
  const state = { failWith: null as string | null, changed: 0 };
  const files: SegmentFiles = {
    ...real,
    seal: (n, db, index) =>
      state.failWith ? Promise.reject(new Error(state.failWith)) : real.seal(n, db, index),
  };
  const jobs: (() => Promise<void>)[] = [];
  const sealed = createSealedSegments(files, {
    kept,
    itemsOf: (data) => data.deliveries.map((d) => toSummary(recordOf(d))),
    changed: () => {
      state.changed += 1;
    },
    queue: (fn) => {
      jobs.push(fn);
      return Promise.resolve();
    },
    landed: () => Promise.resolve(),
    retryMs: 60_000,
  });
  const run = async () => {
    while (jobs.length > 0) await jobs.shift()?.();
  };
  const full = async (n: number, ids: string[]) => {
    const db = await real.openJournal(n);
    const ds = ids.map((id) => makeDelivery({ id }));
    await real.append(db, ds);
    db.data.deliveries.push(...ds);
    return { n, db };
  };
  const sealedIds = async (n: number) =>
    (JSON.parse(await readFile(join(dir, `${name(n)}.json`), "utf8")) as SegmentData).deliveries.map(
      (d) => d.id,
    );
  return { dir, real, sealed, state, run, full, sealedIds, jobs };
}

describe("sealing full segments", () => {
  it("writes only the deliveries still kept, and removes the journal", async () => {
    const h = harness((d) => d.id !== "b");
    h.sealed.retire(await h.full(1, ["a", "b", "c"]));
    await h.run();
    expect(await h.sealedIds(1)).toEqual(["a", "c"]);
    expect((await readdir(h.dir)).sort()).toEqual([`${name(1)}.idx.json`, `${name(1)}.json`]);
    expect(h.sealed.unsealed(1)).toBeNull();
  });

  it("leaves no file at all for a segment none of whose deliveries are kept", async () => {
    const h = harness(() => false);
    const full = await h.full(1, ["a"]);
    const open = readdirSync("/proc/self/fd").length;
    h.sealed.retire(full);
    await h.run();
    expect(await readdir(h.dir)).toEqual([]);
    // and the journal's descriptor is closed
    expect(readdirSync("/proc/self/fd")).toHaveLength(open - 1);
  });

  it("does not seal again from the old journal when a seal was queued twice", async () => {
    const h = harness();
    const full = await h.full(1, ["a", "b"]);
    h.sealed.retire(full);
    h.sealed.retire(full);
    expect(h.jobs).toHaveLength(2);
    await h.jobs.shift()?.();
    // a change made to the sealed file in between (a delete) stays
    await writeFile(
      join(h.dir, `${name(1)}.json`),
      JSON.stringify({ deliveries: [full.db.data.deliveries[0]] }),
    );
    await h.run();
    expect(await h.sealedIds(1)).toEqual(["a"]);
  });

  it("reports a failed seal once per reason, keeps the journal in use, and stops retrying on stop()", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const h = harness();
    h.state.failWith = "disk full";
    const full = await h.full(1, ["a"]);
    h.sealed.retire(full);
    await h.run();
    expect(h.sealed.problems()).toEqual([
      "segment 1 could not be sealed (disk full); its deliveries are safe in its journal and sealing is tried again",
    ]);
    expect(h.sealed.failed()).toEqual([full]);
    expect(h.sealed.unsealed(1)).toBe(full.db);
    expect(await h.sealed.data(1)).toBe(full.db.data);
    // the retry fails the same way: nothing new to tell
    vi.advanceTimersByTime(60_000);
    await h.run();
    expect([h.state.changed, error.mock.calls.length]).toEqual([1, 1]);
    // another reason is told, not logged again
    h.state.failWith = "read-only file system";
    vi.advanceTimersByTime(60_000);
    await h.run();
    expect([h.state.changed, error.mock.calls.length]).toEqual([2, 1]);
    expect(error).toHaveBeenCalledWith("quayside: could not seal segment 1: disk full");
    expect(vi.getTimerCount()).toBe(1);
    h.sealed.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("says when a failed segment is sealed after all", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const h = harness();
    h.state.failWith = "disk full";
    h.sealed.retire(await h.full(1, ["a"]));
    await h.run();
    h.state.failWith = null;
    vi.advanceTimersByTime(60_000);
    await h.run();
    expect(error).toHaveBeenLastCalledWith("quayside: segment 1 is sealed now");
    expect([h.sealed.problems(), h.sealed.failed(), h.state.changed]).toEqual([[], [], 2]);
    expect(await h.sealedIds(1)).toEqual(["a"]);
  });
});

describe("sealed segment look-ups", () => {
  /** Seals segments 1..3 straight to files and returns the harness. */
  async function threeSealed() {
    const h = harness();
    for (const n of [1, 2, 3]) {
      const { db } = await h.full(n, [`s${n}`]);
      await h.real.seal(
        n,
        db,
        db.data.deliveries.map((d) => toSummary(recordOf(d))),
      );
    }
    return h;
  }
  const garble = (h: { dir: string }, n: number) => writeFile(join(h.dir, `${name(n)}.json`), "garbled");
  const ids = (data: SegmentData | undefined) => data?.deliveries.map((d) => d.id);

  it("keeps the two segments read last parsed, and reads older ones from their files", async () => {
    const h = await threeSealed();
    for (const n of [1, 2, 3]) expect(ids(await h.sealed.data(n))).toEqual([`s${n}`]);
    for (const n of [1, 2, 3]) await garble(h, n);
    expect(ids(await h.sealed.data(2))).toEqual(["s2"]);
    expect(ids(await h.sealed.data(3))).toEqual(["s3"]);
    expect(await h.sealed.data(1)).toBeUndefined();
  });

  it("reads a forgotten segment anew from its file", async () => {
    const h = await threeSealed();
    expect(ids(await h.sealed.data(1))).toEqual(["s1"]);
    const changed: SegmentData = { deliveries: [makeDelivery({ id: "changed" })] };
    await writeFile(join(h.dir, `${name(1)}.json`), JSON.stringify(changed));
    expect(ids(await h.sealed.data(1))).toEqual(["s1"]);
    h.sealed.forget(1);
    expect(ids(await h.sealed.data(1))).toEqual(["changed"]);
  });

  it("answers nothing for a segment whose file is damaged", async () => {
    const h = await threeSealed();
    await garble(h, 1);
    expect(await h.sealed.data(1)).toBeUndefined();
  });
});
