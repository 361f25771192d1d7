// Segments that are no longer active: a few kept parsed for body look-ups, and the full ones
// being sealed in the background (tried again after a failure), whose journal stays open for
// changes until their sealed file is written.
import type { DeliverySummary } from "../contract/index.ts";
import type { SegmentData, SegmentDb, SegmentFiles } from "./segments.ts";

/** Sealed segments kept parsed for body look-ups (a page of the list lies within one or two). */
const SEGMENT_CACHE = 2;

interface Full {
  n: number;
  db: SegmentDb;
}

export interface SealedSegments {
  /** Segment n's data (not the active one's): being sealed, cached, or read from its file. */
  data(n: number): Promise<SegmentData | undefined>;
  /** The journal of a full segment not sealed yet (changes go there until it is), else null. */
  unsealed(n: number): SegmentDb | null;
  /** Full segments whose sealing failed: their journals stay open until a retry seals them. */
  failed(): Full[];
  /** Why each failed segment is not sealed yet, for the banner and the console. */
  problems(): string[];
  /**
   * A full segment leaves the active slot: its data stays readable, and it is sealed on the write
   * queue once its appends have landed (a failed seal is tried again after `retryMs`).
   */
  retire(full: Full): void;
  /** Drops segment n's parsed copy (after a change to its file). */
  forget(n: number): void;
  /** Stops retrying failed seals (the store is closing). */
  stop(): void;
}

export interface SealingContext {
  /** Deliveries still kept (retention may drop some before their segment is sealed). */
  kept(d: { id: string }): boolean;
  itemsOf(data: SegmentData): DeliverySummary[];
  /** Told when problems() changes. */
  changed(): void;
  /** The store's write queue. */
  queue(fn: () => Promise<void>): Promise<void>;
  /** Resolves once every append to segment n has landed. */
  landed(n: number): Promise<void>;
  retryMs: number;
}

export function createSealedSegments(files: SegmentFiles, ctx: SealingContext): SealedSegments {
  const cache = new Map<number, SegmentData>();
  const sealing = new Map<number, Full>();
  const failures = new Map<number, string>();

  function remember(n: number, data: SegmentData): void {
    cache.set(n, data);
    if (cache.size > SEGMENT_CACHE) cache.delete(cache.keys().next().value as number);
  }

  /**
   * Writes the sealed file and index (deliveries no longer kept are left out); false when that
   * failed, and the journal, which still holds every record, stays in use.
   */
  async function seal(full: Full): Promise<boolean> {
    if (sealing.get(full.n) !== full) return true; // sealed already (a retry queued twice)
    try {
      full.db.data.deliveries = full.db.data.deliveries.filter(ctx.kept);
      if (full.db.data.deliveries.length === 0) {
        await files.closeJournal(full.db);
        await files.remove(full.n);
      } else {
        await files.seal(full.n, full.db, ctx.itemsOf(full.db.data));
        remember(full.n, full.db.data);
      }
      sealing.delete(full.n);
      if (failures.delete(full.n)) {
        console.error(`quayside: segment ${full.n} is sealed now`);
        ctx.changed();
      }
      return true;
    } catch (e) {
      const why = (e as Error).message;
      if (failures.get(full.n) !== why) {
        if (!failures.has(full.n)) console.error(`quayside: could not seal segment ${full.n}: ${why}`);
        failures.set(full.n, why);
        ctx.changed();
      }
      return false;
    }
  }

  let retryTimer: NodeJS.Timeout | null = null;
  function sealLater(full: Full): void {
    void ctx.queue(async () => {
      await ctx.landed(full.n);
      if (!(await seal(full)) && !retryTimer) {
        // every segment still unsealed is tried again in a while
        retryTimer = setTimeout(() => {
          retryTimer = null;
          for (const n of failures.keys()) {
            const waiting = sealing.get(n);
            if (waiting) sealLater(waiting);
          }
        }, ctx.retryMs);
        retryTimer.unref();
      }
    });
  }

  return {
    async data(n) {
      const hit = sealing.get(n)?.db.data ?? cache.get(n);
      if (hit) return hit;
      const { db, corrupt } = await files.readSegment(n);
      if (corrupt) return undefined;
      remember(n, db.data);
      return db.data;
    },
    unsealed: (n) => sealing.get(n)?.db ?? null,
    failed: () => [...failures.keys()].flatMap((n) => sealing.get(n) ?? []),
    problems: () =>
      [...failures].map(
        ([n, why]) =>
          `segment ${n} could not be sealed (${why}); its deliveries are safe in its journal and sealing is tried again`,
      ),
    retire(full) {
      sealing.set(full.n, full);
      sealLater(full);
    },
    forget(n) {
      cache.delete(n);
    },
    stop() {
      if (retryTimer) clearTimeout(retryTimer);
    },
  };
}
