// Group commit, pipelined: concurrent adds share one durable write of the active segment; the
// next batch's temp file is written while the previous one syncs, renames happen strictly in
// order, and each write holds every earlier record, so the file on disk only ever moves to a
// newer complete state. An add resolves only once the rename holding it has completed.
import { rename, unlink } from "node:fs/promises";
import type { Low } from "lowdb";
import type { DeliveryDetail } from "../contract/index.ts";
import { type DurableJsonFile, writeTemp } from "./durable-file.ts";
import { SEGMENT_SIZE, type SegmentData } from "./segments.ts";

/** Batches writing at once: one syncing while the next is written. */
const MAX_IN_FLIGHT = 2;

export interface CommitContext {
  /** The segment new deliveries go to (changes when sealed). */
  active(): { n: number; db: Low<SegmentData> };
  /** Seals the full active segment and starts a new one. */
  seal(): Promise<void>;
  /** The records of one batch are durable in `segment`. */
  committed(records: DeliveryDetail[], segment: number): void;
  /** The store's single write queue. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

interface Pending {
  record: DeliveryDetail;
  resolve: (d: DeliveryDetail) => void;
  reject: (e: unknown) => void;
}

export function createCommitter(ctx: CommitContext) {
  let pending: Pending[] = [];
  let starting = false;
  let inFlight = 0;
  let renames: Promise<void> = Promise.resolve();

  /** Resolves once every started batch is renamed into place (before any other write). */
  const settled = () => renames;

  async function startBatch(): Promise<void> {
    if (pending.length === 0) return;
    if (ctx.active().db.data.deliveries.length >= SEGMENT_SIZE) {
      await settled();
      await ctx.seal();
    }
    const { n: segment, db } = ctx.active();
    const room = SEGMENT_SIZE - db.data.deliveries.length;
    const batch = pending.slice(0, room);
    pending = pending.slice(room);
    const records = batch.map((p) => p.record);
    db.data.deliveries.push(...records);
    const adapter = db.adapter as DurableJsonFile<SegmentData>;
    const content = adapter.serialize(db.data);
    inFlight += 1;
    const wrote = writeTemp(adapter.file, content);
    const done = renames.then(() => wrote).then((temp) => rename(temp, adapter.file));
    renames = done.catch(() => {});
    done
      .then(
        () => {
          ctx.committed(records, segment);
          for (const p of batch) p.resolve(p.record);
        },
        (e: unknown) => {
          const failed = new Set(records);
          db.data.deliveries = db.data.deliveries.filter((d) => !failed.has(d));
          wrote.then((temp) => unlink(temp)).catch(() => {});
          for (const p of batch) p.reject(e);
        },
      )
      .finally(() => {
        inFlight -= 1;
        kick();
      });
  }

  function kick(): void {
    if (starting || pending.length === 0 || inFlight >= MAX_IN_FLIGHT) return;
    starting = true;
    void ctx.exclusive(startBatch).finally(() => {
      starting = false;
      kick();
    });
  }

  return {
    /** Resolves with the record once it is durably written; rejects when the write failed. */
    add(record: DeliveryDetail): Promise<DeliveryDetail> {
      return new Promise((resolve, reject) => {
        pending.push({ record, resolve, reject });
        kick();
      });
    },
    settled,
    /** Rewrites the active segment once in-flight batches landed (deletes, replay results). */
    async writeActive(): Promise<void> {
      await settled();
      await ctx.active().db.write();
    },
  };
}
