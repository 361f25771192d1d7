// The store's in-memory index: every stored delivery's summary in sequence order, by id, and
// the counts per segment and per endpoint kept current, so no view ever scans everything.
import type { DeliverySummary } from "../contract/index.ts";
import type { Indexed } from "./filter.ts";
import type { SegmentData } from "./segments.ts";

export function createTracked() {
  const index: Indexed[] = [];
  const byId = new Map<string, Indexed>();
  const perSegment = new Map<number, number>();
  const perEndpoint = new Map<string, number>();
  const bump = <K>(map: Map<K, number>, key: K, by: number) => map.set(key, (map.get(key) ?? 0) + by);

  return {
    index,
    byId,
    perSegment,
    perEndpoint,
    track(item: Indexed): void {
      index.push(item);
      byId.set(item.summary.id, item);
      bump(perSegment, item.segment, 1);
      bump(perEndpoint, item.summary.endpoint, 1);
    },
    /** Tracks a sealed segment's summaries at start-up: one count update per segment, not per delivery. */
    trackSegment(summaries: readonly DeliverySummary[], segment: number): void {
      for (const summary of summaries) {
        const item: Indexed = { summary, segment };
        index.push(item);
        byId.set(summary.id, item);
      }
      bump(perSegment, segment, summaries.length);
      let endpoint: string | null = null;
      let run = 0;
      // a segment's deliveries mostly come in runs to one endpoint
      for (const summary of summaries) {
        // Stryker disable next-line ConditionalExpression: runs of one add up to the same counts
        if (summary.endpoint === endpoint) run++;
        else {
          if (endpoint !== null) bump(perEndpoint, endpoint, run);
          endpoint = summary.endpoint;
          run = 1;
        }
      }
      if (endpoint !== null) bump(perEndpoint, endpoint, run);
    },
    /** Forgets one delivery's summary (the caller owns the index array and the files). */
    untrack(id: string): void {
      const item = byId.get(id);
      if (!item) return;
      byId.delete(id);
      bump(perSegment, item.segment, -1);
      bump(perEndpoint, item.summary.endpoint, -1);
      if (perEndpoint.get(item.summary.endpoint) === 0) perEndpoint.delete(item.summary.endpoint);
    },
    /** The summaries of a segment's records still tracked, for its index file. */
    itemsOf(data: SegmentData): DeliverySummary[] {
      const summaries: DeliverySummary[] = [];
      for (const d of data.deliveries) {
        const item = byId.get(d.id);
        if (item) summaries.push(item.summary);
      }
      return summaries;
    },
  };
}
export type Tracked = ReturnType<typeof createTracked>;
