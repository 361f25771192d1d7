// Group commit on its own, over appends the test finishes by hand: what goes in one append, how
// many run at once, a full segment, a failed append, and the waits (flushed, barrier, settled).
import { afterEach, describe, expect, it, vi } from "vitest";
import { createCommitter } from "../../server/store/commit.ts";
import { HeldRecord, recordBytes } from "../../server/store/record-bytes.ts";
import { SEGMENT_SIZE, type SegmentDb } from "../../server/store/segments.ts";
import { makeDelivery } from "../helpers/delivery.ts";

afterEach(() => vi.restoreAllMocks());

const turn = () => new Promise<void>((r) => setImmediate(r));
const turns = async (n = 3) => {
  for (let i = 0; i < n; i++) await turn();
};

interface Write {
  segment: number;
  ids: string[];
  done: () => void;
  fail: (e: Error) => void;
}

/** A committer over fake segments: segment 1 starts with `filled` records; appends wait for the test. */
function harness(
  filled = 0,
  committed: (ids: string[], segment: number) => void = () => {},
  landsAtOnce: (ids: string[]) => boolean = () => false,
) {
  const dbs = new Map<SegmentDb, number>();
  const newDb = (n: number, count: number) => {
    const db = {
      data: { deliveries: Array.from({ length: count }, () => makeDelivery()) },
    } as unknown as SegmentDb;
    dbs.set(db, n);
    return db;
  };
  let active = { n: 1, db: newDb(1, filled) };
  const writes: Write[] = [];
  const committer = createCommitter({
    active: () => active,
    rotate: () => {
      active = { n: active.n + 1, db: newDb(active.n + 1, 0) };
    },
    append: (db, records) =>
      new Promise<void>((done, fail) => {
        const ids = records.map((r) => r.id);
        writes.push({ segment: dbs.get(db) ?? 0, ids, done, fail });
        if (landsAtOnce(ids)) done();
      }),
    committed: (records, segment) =>
      committed(
        records.map((r) => r.id),
        segment,
      ),
  });
  const add = (id: string) => committer.add(makeDelivery({ id }));
  const shape = () => writes.map((w) => [w.segment, w.ids.length]);
  return { committer, writes, add, shape, active: () => active };
}

/** Whether a promise has settled yet, read after a few turns. */
function watch(p: Promise<unknown>) {
  const state = { settled: false };
  p.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

describe("group commit", () => {
  it("fills a segment to its size and puts the rest in the next, counting appends under way", async () => {
    const h = harness(SEGMENT_SIZE - 1);
    for (let i = 0; i < SEGMENT_SIZE + 1; i++) void h.add(`r${i}`);
    await turns();
    expect(h.shape()).toEqual([
      [1, 1],
      [2, SEGMENT_SIZE],
    ]);
    for (const w of h.writes) w.done();
    await turns();
    expect(h.active().db.data.deliveries).toHaveLength(SEGMENT_SIZE);
  });

  it("keeps a landed record in the segment's data only as the bytes it was written as", async () => {
    const h = harness();
    const adding = h.add("held");
    await turns();
    expect(h.active().db.data.deliveries).toHaveLength(0); // not in the data before it is durable
    h.writes[0]?.done();
    const record = await adding;
    const kept = h.active().db.data.deliveries[0];
    expect(kept).toBeInstanceOf(HeldRecord);
    expect(kept).not.toBe(record);
    expect(kept?.id).toBe("held");
    expect(JSON.parse(String((kept as HeldRecord).bytes))).toEqual(JSON.parse(JSON.stringify(record)));
    expect(recordBytes(kept as HeldRecord)).toBe(recordBytes(record)); // the appended bytes, not a copy
  });

  it("runs at most two appends at once; the next starts when one lands", async () => {
    const h = harness();
    void h.add("a");
    await turn();
    void h.add("b");
    await turn();
    void h.add("c");
    await turns();
    expect(h.writes.map((w) => w.ids)).toEqual([["a"], ["b"]]);
    h.writes[0]?.done();
    await turns();
    expect(h.writes.map((w) => w.ids)).toEqual([["a"], ["b"], ["c"]]);
  });

  it("starts one append per turn: adds made while a batch lands wait for the next turn", async () => {
    // the first append lands at once, so "c" is added in the turn that started it
    const h = harness(0, undefined, (ids) => ids.includes("a"));
    const c = h.add("a").then(() => h.add("c"));
    void h.add("b");
    let startedThisTurn = -1;
    setImmediate(() => (startedThisTurn = h.writes.length));
    await turns();
    expect(startedThisTurn).toBe(1);
    expect(h.writes.map((w) => w.ids)).toEqual([["a", "b"], ["c"]]);
    h.writes[1]?.done();
    expect((await c).id).toBe("c");
  });

  it("rejects every add of a failed append and goes on with the next", async () => {
    const h = harness();
    const a = h.add("a").catch((e: Error) => e.message);
    const b = h.add("b").catch((e: Error) => e.message);
    await turn();
    h.writes[0]?.fail(new Error("disk full"));
    expect(await Promise.all([a, b])).toEqual(["disk full", "disk full"]);
    const c = h.add("c");
    await turns();
    h.writes[1]?.done();
    expect((await c).id).toBe("c");
    expect(h.active().db.data.deliveries.map((d) => d.id)).toEqual(["c"]);
  });

  it("answers the adds when the bookkeeping after a landed append throws, and says so", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const h = harness(0, () => {
      throw new Error("index broke");
    });
    const a = h.add("a");
    await turn();
    h.writes[0]?.done();
    expect((await a).id).toBe("a");
    expect(h.active().db.data.deliveries.map((d) => d.id)).toEqual(["a"]);
    expect(error).toHaveBeenCalledWith("quayside: indexing stored deliveries failed: index broke");
  });

  it("flushed(segment) waits for that segment's appends only", async () => {
    const h = harness(SEGMENT_SIZE - 1);
    void h.add("old");
    void h.add("new");
    await turns();
    expect(h.shape()).toEqual([
      [1, 1],
      [2, 1],
    ]);
    const one = watch(h.committer.flushed(1));
    const two = watch(h.committer.flushed(2));
    await turns();
    expect([one.settled, two.settled]).toEqual([false, false]);
    h.writes[0]?.done();
    await turns();
    expect([one.settled, two.settled]).toEqual([true, false]);
    h.writes[1]?.done();
    await turns();
    expect(two.settled).toBe(true);
  });

  it("barrier runs once the appends under way have landed, and holds new ones until it ends", async () => {
    const h = harness();
    void h.add("a");
    await turn();
    const seen: string[] = [];
    const barrier = h.committer.barrier(async () => {
      seen.push(`writes ${h.writes.length}, a landed ${h.active().db.data.deliveries.length}`);
      void h.add("b");
      await turns();
      seen.push(`writes ${h.writes.length}`);
      return "done";
    });
    await turns();
    expect(seen).toEqual([]);
    h.writes[0]?.done();
    expect(await barrier).toBe("done");
    expect(seen).toEqual(["writes 1, a landed 1", "writes 1"]);
    await turns();
    expect(h.writes.map((w) => w.ids)).toEqual([["a"], ["b"]]);
  });

  it("settled waits for every append under way", async () => {
    const h = harness();
    void h.add("a");
    await turn();
    const settled = watch(h.committer.settled());
    await turns();
    expect(settled.settled).toBe(false);
    h.writes[0]?.done();
    await turns();
    expect(settled.settled).toBe(true);
  });
});
