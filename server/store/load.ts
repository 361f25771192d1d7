// Start-up: sealed segments are read through their index files (summaries only); a journal is
// read whole and stays the active segment when it is the newest and not full, else it is sealed
// now (a crash came between filling it and sealing it).

import { indexed, indexItem } from "./filter.ts";
import { recordOf } from "./record-bytes.ts";
import { SEGMENT_SIZE, type SegmentDb, type SegmentFiles } from "./segments.ts";
import type { Tracked } from "./tracked.ts";

/** Feeds every stored summary to `track` and returns the segment new deliveries go to. */
export async function loadSegments(
  files: SegmentFiles,
  { track, trackSegment }: Pick<Tracked, "track" | "trackSegment">,
): Promise<{ n: number; db: SegmentDb }> {
  const { numbers, sealed, journals } = await files.init();
  const readIndex = readAhead(
    files,
    // Stryker disable next-line ArrowFunction: with nothing read ahead each index is read when its turn comes
    numbers.filter((n) => sealed.has(n)),
  );
  const next = (numbers.at(-1) ?? 0) + 1;
  let active: { n: number; db: SegmentDb } | null = null;
  for (const [i, n] of numbers.entries()) {
    if (sealed.has(n)) {
      // a journal beside its sealed file is left over from sealing: the sealed file is complete
      if (journals.has(n)) await files.removeJournal(n);
      const { summaries, corrupt } = await readIndex(n);
      if (!corrupt && summaries.length > 0) {
        trackSegment(summaries, n);
        continue;
      }
      const segment = await files.readSegment(n);
      if (segment.corrupt) continue;
      const items = segment.db.data.deliveries.map((d) => indexItem(recordOf(d)));
      for (const item of items) track(indexed(item, n));
      await files.writeIndex(
        n,
        items.map((i) => i.summary),
      );
      continue;
    }
    const db = await files.openJournal(n);
    const items = db.data.deliveries.map((d) => indexItem(recordOf(d)));
    for (const item of items) track(indexed(item, n));
    const newest = i === numbers.length - 1;
    if (newest && db.data.deliveries.length < SEGMENT_SIZE) active = { n, db };
    else if (db.data.deliveries.length === 0) await files.remove(n);
    else
      await files.seal(
        n,
        db,
        items.map((i) => i.summary),
      );
  }
  return active ?? { n: next, db: files.newJournal(next) };
}

/** Index files read ahead of their turn: one's read waits on the disk while the one before is parsed. */
const READ_AHEAD = 4;

/** Reads segments' index files in the order of `numbers`, up to READ_AHEAD at a time. */
function readAhead(files: SegmentFiles, numbers: number[]): SegmentFiles["readIndex"] {
  const pending = new Map<number, ReturnType<SegmentFiles["readIndex"]>>();
  let started = 0;
  return (n) => {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: how far ahead changes when an index is read, never what
    while (started < numbers.length && pending.size < READ_AHEAD) {
      const m = numbers[started++] as number;
      const read = files.readIndex(m);
      // handled where it is awaited; a start-up that failed before then must not crash on it
      read.catch(() => {});
      pending.set(m, read);
    }
    const read = pending.get(n) ?? files.readIndex(n);
    pending.delete(n);
    return read;
  };
}
