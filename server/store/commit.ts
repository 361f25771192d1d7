// Group commit: deliveries that arrive while writes are under way wait and go together in the
// next one, a single durable append to the active segment's journal; up to MAX_IN_FLIGHT appends
// run at once so the disk's latency never leaves the process idle. An add resolves only once the
// append holding it has completed, and only then joins the segment's data; a failed append
// rejects every add in it. A segment that fills up is handed to `rotate` before the next batch.
import type { DeliveryDetail } from "../contract/index.ts";
import { hold } from "./record-bytes.ts";
import { SEGMENT_SIZE, type SegmentDb } from "./segments.ts";

/** Appends writing at once. */
const MAX_IN_FLIGHT = 2;

export interface CommitContext {
  /** The segment new deliveries go to (a new one after rotate). */
  active(): { n: number; db: SegmentDb };
  /** The active segment is full: start the next one. */
  rotate(): void;
  /** Appends records durably to a segment's journal. */
  append(db: SegmentDb, records: DeliveryDetail[]): Promise<void>;
  /** The records of one batch are durable in `segment` (and in its data). */
  committed(records: DeliveryDetail[], segment: number): void;
}

interface Pending {
  record: DeliveryDetail;
  resolve: (d: DeliveryDetail) => void;
  reject: (e: unknown) => void;
}

export function createCommitter(ctx: CommitContext) {
  let pending: Pending[] = [];
  let paused = 0;
  /** Appends under way, with the segment each writes to. */
  const flights = new Map<Promise<void>, { segment: number; records: number }>();
  /** The latest append started; never rejects (its handlers take every failure). */
  let lastFlight: Promise<void> = Promise.resolve();

  /** Records a segment can still take, counting those of appends under way. */
  const room = ({ n: segment, db }: { n: number; db: SegmentDb }) => {
    let left = SEGMENT_SIZE - db.data.deliveries.length;
    for (const f of flights.values()) if (f.segment === segment) left -= f.records;
    return left;
  };

  function startBatch(): void {
    if (room(ctx.active()) <= 0) ctx.rotate();
    const { n: segment, db } = ctx.active();
    const free = room({ n: segment, db });
    const batch = pending.slice(0, free);
    pending = pending.slice(free);
    const records = batch.map((p) => p.record);
    const written = ctx.append(db, records);
    // Appends run side by side but land in the order they started, so adds resolve (and the
    // live stream and the segment data see them) in seq order even when a later write is faster.
    const landedInOrder = lastFlight.then(
      () => written,
      // Stryker disable next-line ArrowFunction: lastFlight never rejects (both of its handlers catch)
      () => written,
    );
    // the flight leaves `flights` in the same step its records join the data: never counted twice
    const flight: Promise<void> = landedInOrder.then(
      () => {
        flights.delete(flight);
        // kept as their bytes from now on: the objects themselves are let go (record-bytes.ts)
        db.data.deliveries.push(...records.map(hold));
        try {
          ctx.committed(records, segment);
        } catch (e) {
          // the records are on disk whatever the bookkeeping did: their senders get their answer
          console.error(`quayside: indexing stored deliveries failed: ${(e as Error).message}`);
        }
        for (const p of batch) p.resolve(p.record);
        kick();
      },
      (e: unknown) => {
        flights.delete(flight);
        for (const p of batch) p.reject(e);
        kick();
      },
    );
    flights.set(flight, { segment, records: records.length });
    lastFlight = flight;
  }

  let scheduled = false;
  /** Starts appends at the end of this turn of the event loop, so every add made in it shares one. */
  function kick(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      while (paused === 0 && pending.length > 0 && flights.size < MAX_IN_FLIGHT) startBatch();
    });
  }

  const landed = (which: Promise<void>[]) => Promise.allSettled(which).then(() => {});

  return {
    /** Resolves with the record once it is durably written; rejects when the write failed. */
    add(record: DeliveryDetail): Promise<DeliveryDetail> {
      return new Promise((resolve, reject) => {
        pending.push({ record, resolve, reject });
        kick();
      });
    },
    /** Resolves once every append to `segment` has completed (none start after a rotate). */
    flushed(segment: number): Promise<void> {
      return landed([...flights].filter(([, f]) => f.segment === segment).map(([p]) => p));
    },
    /** Runs `fn` while no append is under way (for changes that rewrite the active journal). */
    async barrier<T>(fn: () => Promise<T>): Promise<T> {
      paused += 1;
      try {
        await landed([...flights.keys()]);
        return await fn();
      } finally {
        paused -= 1;
        kick();
      }
    },
    /** Resolves once nothing is waiting or being written. */
    async settled(): Promise<void> {
      while (flights.size > 0) await landed([...flights.keys()]);
    },
  };
}
