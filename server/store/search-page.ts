// A page of the list when `q` is set: summary fields are matched in memory, bodies, header
// values, path and query in the segments' records (held in memory for the active journal, else
// scanned by the search worker, newest segment first). Stops as soon as the page is full, or the
// request is aborted, and stops the worker's scan with it.
import type { DeliverySummary, Page } from "../contract/index.ts";
import { ERROR_CODES } from "../contract/index.ts";
import { AppError } from "../errors.ts";
import { compileFilter, type Indexed, pageSize, startOf } from "./filter.ts";
import { type KeptRecord, recordOf } from "./record-bytes.ts";
import type { Scan, Searcher } from "./search.ts";
import { allTerms, MAX_TERMS, recordMask, splitTerms, summaryMask } from "./search-terms.ts";
import type { ListFilter } from "./types.ts";

export interface SearchSource {
  /** Segment n's records when they are held in memory (the active journal, one being sealed). */
  inMemory(n: number): readonly KeptRecord[] | null;
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

/** The longest the list's own work runs without letting the event loop serve others. */
const YIELD_MS = 4;

const cancelled = () => new DOMException("the search was cancelled", "AbortError");

/** Term bits matched deeply by in-memory records (the active journal: bodies may be large). */
async function memoryMatches(records: readonly KeptRecord[], terms: string[]) {
  const found = new Map<string, number>();
  let slice = performance.now();
  for (const record of records) {
    const mask = recordMask(recordOf(record), terms);
    if (mask !== 0) found.set(record.id, mask);
    if (performance.now() - slice > YIELD_MS) {
      await new Promise(setImmediate);
      slice = performance.now();
    }
  }
  return found;
}

/**
 * Fills each run's summary masks; returns, per segment some item of which needs a deep look,
 * the terms no summary there holds (a match there needs them in the records themselves).
 */
async function summaryPass(runs: Run[], terms: string[], signal?: AbortSignal): Promise<Map<number, number>> {
  const full = allTerms(terms.length);
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
  return need;
}

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
  const runs = runsOf(index, startOf(index, cursor), compileFilter(filter));
  const need = await summaryPass(runs, terms, signal);
  const held = new Map([...need.keys()].map((n) => [n, source.inMemory(n)]));
  const files = [...need].flatMap(([n, bits]) =>
    held.get(n) ? [] : [{ n, path: source.file(n), need: bits }],
  );
  const scan = files.length > 0 ? source.searcher.scan(files, terms) : null;
  const stop = () => scan?.stop();
  signal?.addEventListener("abort", stop, { once: true });
  const deep = new Map<number, Promise<Map<string, number>>>();
  /** Segment n's deep matches: from memory, or the worker's answer for its file. */
  const deepOf = (n: number) => {
    let found = deep.get(n);
    if (!found) {
      const records = held.get(n);
      found = records ? memoryMatches(records, terms) : (scan as Scan).matches(n);
      deep.set(n, found);
    }
    return found;
  };
  try {
    return await collect(
      runs,
      allTerms(terms.length),
      pageSize(limit),
      (run) => (need.has(run.segment) ? deepOf(run.segment) : Promise.resolve(new Map())),
      signal,
    );
  } finally {
    stop();
    signal?.removeEventListener("abort", stop);
  }
}

/** The page: items whose summary and deep matches together hold every term, up to `max`. */
async function collect(
  runs: Run[],
  full: number,
  max: number,
  deepOf: (run: Run) => Promise<Map<string, number>>,
  signal?: AbortSignal,
): Promise<Page<DeliverySummary>> {
  const items: DeliverySummary[] = [];
  for (const [r, run] of runs.entries()) {
    if (signal?.aborted) throw cancelled();
    const found = await deepOf(run);
    if (signal?.aborted) throw cancelled();
    for (const [k, item] of run.items.entries()) {
      if (((run.masks[k] as number) | (found.get(item.summary.id) ?? 0)) !== full) continue;
      items.push(item.summary);
      if (items.length < max) continue;
      const more = k < run.items.length - 1 || r < runs.length - 1;
      return { items, next: more ? String(item.summary.seq) : null };
    }
  }
  return { items, next: null };
}
