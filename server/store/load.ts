// Start-up: sealed segments are read through their index files (summaries only), the newest
// segment whole; a sealed segment without a usable index is read once and indexed again.
import type { Low } from "lowdb";
import { type Indexed, SEARCH_PREFIX_BYTES, searchText } from "./filter.ts";
import { SEGMENT_SIZE, type SegmentData, type SegmentFiles } from "./segments.ts";
import { bodyText, toSummary } from "./summary.ts";

/** Feeds every stored summary to `track` and returns the segment new deliveries go to. */
export async function loadSegments(
  files: SegmentFiles,
  track: (item: Indexed) => void,
): Promise<{ n: number; db: Low<SegmentData> }> {
  const numbers = await files.init();
  const next = (numbers.at(-1) ?? 0) + 1;
  let active = { n: next, db: files.newSegment(next) };
  for (const [i, n] of numbers.entries()) {
    const last = i === numbers.length - 1;
    if (!last) {
      const { db, corrupt } = await files.readIndex(n);
      if (!corrupt && db.data.items.length > 0) {
        // index files written by older runs may hold longer search text: trim on load
        for (const item of db.data.items) {
          const search =
            item.search.length > SEARCH_PREFIX_BYTES ? searchText(item.summary, item.search) : item.search;
          track({ summary: toSummary(item.summary), search, segment: n });
        }
        continue;
      }
    }
    const { db, corrupt } = await files.readSegment(n);
    if (corrupt) continue;
    const items = db.data.deliveries.map((d) => ({
      summary: toSummary(d),
      search: searchText(toSummary(d), bodyText(d)),
    }));
    for (const item of items) track({ ...item, segment: n });
    if (last && db.data.deliveries.length < SEGMENT_SIZE) active = { n, db };
    else await files.writeIndex(n, { items });
  }
  return active;
}
