// Segments that are no longer active: a few kept parsed for body look-ups, and the full ones
// being sealed, whose data stays in memory until their sealed file is written.
import type { DeliveryDetail } from "../contract/index.ts";
import type { IndexData, SegmentData, SegmentDb, SegmentFiles } from "./segments.ts";

/** Sealed segments kept parsed for body look-ups. */
const SEGMENT_CACHE = 4;

export interface SealedSegments {
  /** Segment n's data (not the active one's): being sealed, cached, or read from its file. */
  data(n: number): Promise<SegmentData | undefined>;
  /** True while a full segment waits for its sealed file (after a failed seal, until restart). */
  isSealing(n: number): boolean;
  /** A full segment leaves the active slot: its data stays readable until seal() is done. */
  startSealing(full: { n: number; db: SegmentDb }): void;
  /** Writes the sealed file and index; deliveries no longer kept are left out. */
  seal(full: { n: number; db: SegmentDb }): Promise<void>;
  /** Drops segment n's parsed copy (after a change to its file). */
  forget(n: number): void;
}

export function createSealedSegments(
  files: SegmentFiles,
  kept: (d: DeliveryDetail) => boolean,
  itemsOf: (data: SegmentData) => IndexData,
): SealedSegments {
  const cache = new Map<number, SegmentData>();
  const sealing = new Map<number, SegmentData>();

  function remember(n: number, data: SegmentData): void {
    cache.set(n, data);
    if (cache.size > SEGMENT_CACHE) cache.delete(cache.keys().next().value as number);
  }

  return {
    async data(n) {
      const hit = sealing.get(n) ?? cache.get(n);
      if (hit) return hit;
      const { db, corrupt } = await files.readSegment(n);
      if (corrupt) return undefined;
      remember(n, db.data);
      return db.data;
    },
    isSealing: (n) => sealing.has(n),
    startSealing(full) {
      sealing.set(full.n, full.db.data);
    },
    async seal(full) {
      try {
        // retention may have dropped some of its deliveries since it filled up: they stay dropped
        full.db.data.deliveries = full.db.data.deliveries.filter(kept);
        if (full.db.data.deliveries.length === 0) {
          await files.closeJournal(full.db);
          await files.remove(full.n);
        } else {
          await files.seal(full.n, full.db, itemsOf(full.db.data));
          remember(full.n, full.db.data);
        }
        sealing.delete(full.n);
      } catch (e) {
        // The journal still holds every record; the next start seals it.
        console.error(`quayside: could not seal segment ${full.n}: ${(e as Error).message}`);
      }
    },
    forget(n) {
      cache.delete(n);
    },
  };
}
