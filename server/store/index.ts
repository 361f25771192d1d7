// createStore: deliveries in bounded lowdb segments (see segments.ts), summaries in memory,
// bodies read on demand. Adds are group-committed: concurrent adds share one durable append
// and each resolves only once that append has completed.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { DeliveryDetail, ReplayResult } from "../contract/index.ts";
import { createCommitter } from "./commit.ts";
import { openEndpointSettings } from "./endpoints.ts";
import { indexed, indexItem, pageOf } from "./filter.ts";
import { loadSegments } from "./load.ts";
import { acquireLock } from "./lock.ts";
import { forgetRecordText, type KeptRecord, recordOf } from "./record-bytes.ts";
import { createSealedSegments } from "./sealed.ts";
import { createSearcher } from "./search.ts";
import { searchPage } from "./search-page.ts";
import { createSegmentFiles, type SegmentDb } from "./segments.ts";
import { createTracked } from "./tracked.ts";
import type { NewDelivery, Store, StoreOptions } from "./types.ts";

export async function createStore(options: StoreOptions): Promise<Store> {
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const release = await acquireLock(join(options.dir, "quayside.lock"));
  try {
    return await openStore(options, release);
  } catch (e) {
    await release();
    throw e;
  }
}

/** Logs a background write that failed (nobody waits for it; the files stay as they were). */
const logWriteError = (what: string) => (e: Error) =>
  console.error(`quayside: could not ${what}: ${e.message}`);

async function openStore(options: StoreOptions, release: () => Promise<void>): Promise<Store> {
  const segmentsDir = join(options.dir, "segments");
  const files = createSegmentFiles(segmentsDir);
  const tracked = createTracked();
  const { index, byId, perSegment, perEndpoint, track, untrack, itemsOf } = tracked;

  let active = await loadSegments(files, tracked);
  index.sort((a, b) => a.summary.seq - b.summary.seq);
  const loadedSeq = index.at(-1)?.summary.seq ?? 0;
  let seq = loadedSeq;
  // Every write goes through one queue so no two writes touch a file at once.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };
  const sealed = createSealedSegments(files, {
    kept: (d) => byId.has(d.id),
    itemsOf,
    changed: () => options.onWarnings?.(warnings()),
    queue: exclusive,
    landed: (n) => committer.flushed(n),
    retryMs: options.sealRetryMs ?? 30_000,
  });
  const { endpoints, problem } = await openEndpointSettings(options.dir, exclusive);
  const problems = [...files.problems, ...(problem ? [problem] : [])];
  const warnings = () => [...problems, ...sealed.problems()];

  const segmentData = (n: number) => (n === active.n ? Promise.resolve(active.db.data) : sealed.data(n));

  /** Starts the next segment; the full one is sealed in the background. */
  function rotate(): void {
    sealed.retire(active);
    active = { n: active.n + 1, db: files.newJournal(active.n + 1) };
  }

  async function dropEmptySegments(): Promise<void> {
    for (const [n, count] of perSegment) {
      if (count > 0) continue;
      perSegment.delete(n);
      sealed.forget(n);
      if (n !== active.n) await files.remove(n);
    }
  }

  /** Drops the oldest summaries beyond retention (files follow in trimRetention). */
  function trimIndex(): boolean {
    if (index.length <= options.retention) return false;
    const dropped = index.splice(0, index.length - options.retention);
    const droppedIds = new Set(dropped.map((i) => i.summary.id));
    if (dropped.some((i) => i.segment === active.n)) {
      // only with a retention below a segment's size: the active journal is rewritten without them
      active.db.data.deliveries = active.db.data.deliveries.filter((d) => !droppedIds.has(d.id));
      void exclusive(writeActive).catch(logWriteError("rewrite the active segment"));
    }
    for (const item of dropped) {
      untrack(item.summary.id);
    }
    options.onEvicted?.(dropped.map((i) => i.summary.id));
    return true;
  }

  async function trimRetention(): Promise<void> {
    if (trimIndex()) await dropEmptySegments();
  }

  const committer = createCommitter({
    active: () => active,
    rotate,
    append: (db, records) => files.append(db, records),
    committed(records, segment) {
      for (const record of records) track(indexed(indexItem(record), segment));
      if (trimIndex()) void exclusive(dropEmptySegments).catch(logWriteError("remove old segments"));
    },
  });
  /** Rewrites the active segment's journal after an in-place change (deletes, replay results). */
  function writeActive(): Promise<void> {
    return committer.barrier(() => active.db.write());
  }

  // Retention may have been lowered since the last run.
  await trimRetention();

  /** Rewrites the segments holding `ids` without them. */
  async function removeIds(ids: Set<string>): Promise<string[]> {
    const bySegment = new Map<number, string[]>();
    for (const id of ids) {
      const item = byId.get(id);
      if (item) bySegment.set(item.segment, [...(bySegment.get(item.segment) ?? []), id]);
    }
    const removed: string[] = [];
    for (const [n, segmentIds] of bySegment) {
      const gone = new Set(segmentIds);
      if (n !== active.n && gone.size === perSegment.get(n)) {
        await files.remove(n);
        sealed.forget(n);
        for (const id of segmentIds) untrack(id);
        removed.push(...segmentIds);
        continue;
      }
      const db = await writableSegment(n);
      db.data.deliveries = db.data.deliveries.filter((d) => !gone.has(d.id));
      if (n === active.n) await writeActive();
      else if (sealed.unsealed(n))
        await db.write(); // its journal: sealed from there later
      else {
        sealed.forget(n);
        if (db.data.deliveries.length === 0) await files.remove(n);
        else {
          await db.write();
          await files.writeIndex(n, itemsOf(db.data));
        }
      }
      for (const id of segmentIds) untrack(id);
      removed.push(...segmentIds);
    }
    const removedSet = new Set(removed);
    const kept = index.filter((i) => !removedSet.has(i.summary.id));
    index.length = 0;
    index.push(...kept);
    await dropEmptySegments();
    return removed;
  }

  /**
   * A segment's handle for an in-place change: the active journal, the journal of a full segment
   * whose seal failed (sealing runs on the same queue as every change, so only that leaves one),
   * or a sealed file read anew.
   */
  async function writableSegment(n: number): Promise<SegmentDb> {
    if (n === active.n) return active.db;
    return sealed.unsealed(n) ?? (await files.readSegment(n)).db;
  }

  const searcher = createSearcher();
  const searchSource = {
    searcher,
    inMemory: (n: number) =>
      n === active.n ? active.db.data.deliveries : (sealed.unsealed(n)?.data.deliveries ?? null),
    // segments.ts names a sealed segment's file so
    file: (n: number) => join(segmentsDir, `${String(n).padStart(8, "0")}.json`),
  };

  /** Runs an in-place change on the write queue, with no append (and so no new segment) under way. */
  const modify = <T>(fn: () => Promise<T>) => exclusive(() => committer.barrier(fn));

  const store: Store = {
    add(delivery: NewDelivery) {
      seq += 1;
      // the delivery object becomes the record (a copy made by spreading it and adding `seq`
      // would get a hidden class of its own in V8, for every delivery)
      const record = delivery as DeliveryDetail;
      record.seq = seq;
      return committer.add(record);
    },
    async get(id) {
      const item = byId.get(id);
      if (!item) return undefined;
      const data = await segmentData(item.segment);
      const kept = data?.deliveries.find((d) => d.id === id);
      return kept && recordOf(kept);
    },
    summary: (id) => byId.get(id)?.summary,
    list: async (filter, limit, cursor, signal) =>
      filter.q
        ? searchPage(index, filter, limit, cursor, searchSource, signal)
        : pageOf(index, filter, limit, cursor),
    all: () => index.map((i) => i.summary),
    addReplay: (id, result: ReplayResult) =>
      modify(async () => {
        const item = byId.get(id);
        if (!item) return;
        const db = await writableSegment(item.segment);
        const at = db.data.deliveries.findIndex((d) => d.id === id);
        if (at === -1) return;
        // a held record is read back whole, changed, and kept whole (its bytes are re-encoded)
        const record = recordOf(db.data.deliveries[at] as KeptRecord);
        record.replays = [...(record.replays ?? []), result];
        forgetRecordText(record);
        db.data.deliveries[at] = record;
        if (db === active.db) await writeActive();
        else await db.write();
        sealed.forget(item.segment);
      }),
    remove: (ids) => modify(() => removeIds(new Set(ids))),
    clear: (endpoint) =>
      modify(async () => {
        const ids = index
          .filter((i) => !endpoint || i.summary.endpoint === endpoint)
          .map((i) => i.summary.id);
        return removeIds(new Set(ids));
      }),
    count: () => index.length,
    countsByEndpoint: () => perEndpoint,
    lastSeq: () => seq,
    endpoints,
    warnings,
    async close() {
      sealed.stop();
      await searcher.close();
      await exclusive(async () => {});
      await committer.settled();
      await exclusive(async () => {});
      for (const db of [active.db, ...sealed.failed().map((f) => f.db)]) await files.closeJournal(db);
      await release();
    },
  };
  return store;
}
