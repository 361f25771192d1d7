// A page of the list when `q` is set: summary fields are matched in memory, bodies, header
// values, path and query in the segments' records (held in memory for the active journal, else
// scanned by the search worker, newest segment first). Stops as soon as the page is full, or the
// request is aborted, and stops the worker's scan with it.
import type { DeliveryDetail, DeliverySummary, Page } from "../contract/index.ts";
import { ERROR_CODES } from "../contract/index.ts";
import { AppError } from "../errors.ts";
import { compileFilter, type Indexed, pageSize, startOf } from "./filter.ts";
import type { Searcher } from "./search.ts";
import { allTerms, MAX_TERMS, recordMask, splitTerms, summaryMask } from "./search-terms.ts";
import type { ListFilter } from "./types.ts";

export interface SearchSource {
  /** Segment n's records when they are held in memory (the active journal, one being sealed). */
  inMemory(n: number): readonly DeliveryDetail[] | null;
  /** Sealed segment n's file. */
  file(n: number): string;
  searcher: Searcher;
}

/** Index entries of one segment that pass the other filters, newest first. */
interface Run {
  segment: number;
  items: Indexed[];
  /** Each item's terms matched by its summary. */
  masks: number[];
}

function runsOf(index: readonly Indexed[], start: number, match: ((i: Indexed) => boolean) | null): Run[] {
  const runs: Run[] = [];
  for (let i = start; i >= 0; i--) {
    const item = index[i] as Indexed;
    if (match && !match(item)) continue;
    const last = runs.at(-1);
    if (last?.segment === item.segment) last.items.push(item);
    else runs.push({ segment: item.segment, items: [item], masks: [] });
  }
  return runs;
}

/** Term bits matched deeply by the in-memory records among `ids`. */
function memoryMatches(records: readonly DeliveryDetail[], ids: Set<string>, terms: string[]) {
  const found = new Map<string, number>();
  for (const record of records) {
    if (!ids.has(record.id)) continue;
    const mask = recordMask(record, terms);
    if (mask !== 0) found.set(record.id, mask);
  }
  return found;
}

/** The longest the list's own work runs without letting the event loop serve others. */
const YIELD_MS = 4;

const cancelled = () => new DOMException("the search was cancelled", "AbortError");

/**
 * Newest first, `limit` deliveries older than `cursor` matching `filter`, `q` included.
 * Rejects with an AbortError when `signal` aborts first.
 */
export async function searchPage(
  index: readonly Indexed[],
  filter: ListFilter,
  limit: number,
  cursor: string | null | undefined,
  source: SearchSource,
  signal?: AbortSignal,
): Promise<Page<DeliverySummary>> {
  const terms = splitTerms(filter.q ?? "");
  if (terms.length > MAX_TERMS)
    throw new AppError(400, ERROR_CODES.BAD_REQUEST, `q may hold at most ${MAX_TERMS} words`);
  const max = pageSize(limit);
  const full = allTerms(terms.length);
  const runs = runsOf(index, startOf(index, cursor), compileFilter(filter));
  const held = new Map(runs.map((r) => [r.segment, source.inMemory(r.segment)]));
  /** Per segment needing a deep look: the terms no summary there holds (a match needs them in the file). */
  const need = new Map<number, number>();
  let slice = performance.now();
  for (const run of runs) {
    run.masks = run.items.map((i) => summaryMask(i.summary, terms));
    if (performance.now() - slice > YIELD_MS) {
      await new Promise(setImmediate); // deliveries arriving meanwhile are not held up
      if (signal?.aborted) throw cancelled();
      slice = performance.now();
    }
    if (run.masks.every((m) => m === full)) continue;
    const some = run.masks.reduce((a, m) => a | m, 0);
    need.set(run.segment, (need.get(run.segment) ?? full) & ~some);
  }
  const files = [...need].flatMap(([n, bits]) =>
    held.get(n) ? [] : [{ n, path: source.file(n), need: bits }],
  );
  const scan = files.length > 0 ? source.searcher.scan(files, terms) : null;
  const stop = () => scan?.stop();
  signal?.addEventListener("abort", stop, { once: true });
  const deep = new Map<number, Promise<Map<string, number>>>();
  const deepOf = (run: Run) => {
    let found = deep.get(run.segment);
    if (!found) {
      const records = held.get(run.segment);
      const ids = new Set(run.items.map((i) => i.summary.id));
      found = records
        ? Promise.resolve(memoryMatches(records, ids, terms))
        : (scan as NonNullable<typeof scan>).matches(run.segment);
      deep.set(run.segment, found);
    }
    return found;
  };
  try {
    const items: DeliverySummary[] = [];
    for (const [r, run] of runs.entries()) {
      if (signal?.aborted) throw cancelled();
      const masks = run.masks;
      const found = need.has(run.segment) ? await deepOf(run) : new Map<string, number>();
      if (signal?.aborted) throw cancelled();
      for (const [k, item] of run.items.entries()) {
        if (((masks[k] as number) | (found.get(item.summary.id) ?? 0)) !== full) continue;
        items.push(item.summary);
        if (items.length < max) continue;
        const more = k < run.items.length - 1 || r < runs.length - 1;
        return { items, next: more ? String(item.summary.seq) : null };
      }
    }
    return { items, next: null };
  } finally {
    stop();
    signal?.removeEventListener("abort", stop);
  }
}
