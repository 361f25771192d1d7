// Matching a summary against the list filters of GET /api/deliveries.
import type { DeliveryDetail, DeliverySummary } from "../contract/index.ts";
import { bodyText, toSummary } from "./summary.ts";
import type { ListFilter } from "./types.ts";

/** How much of each body full-text search sees, kept in memory per delivery (memory at 100,000). */
export const SEARCH_PREFIX_BYTES = 256;

export interface Indexed {
  summary: DeliverySummary;
  /** Lower-cased body prefix, for `q` (summary fields are matched directly). */
  search: string;
  segment: number;
}

/** A flat copy: a plain slice would keep the whole body alive (V8 sliced strings). */
export function searchText(_summary: DeliverySummary, bodyText: string): string {
  return Buffer.from(bodyText.slice(0, SEARCH_PREFIX_BYTES).toLowerCase(), "utf8").toString("utf8");
}

/**
 * A delivery's entry in the in-memory index, built field by field: `{ ...item, segment }` would
 * give each of 100,000 entries a hidden class of its own in V8 (memory, and megamorphic reads
 * in every filter).
 */
export function indexed(item: { summary: DeliverySummary; search: string }, segment: number): Indexed {
  return { summary: item.summary, search: item.search, segment };
}

/** A stored delivery's entry in the in-memory index (and its segment's index file). */
export function indexItem(d: DeliveryDetail): { summary: DeliverySummary; search: string } {
  const summary = toSummary(d);
  return { summary, search: searchText(summary, bodyText(d)) };
}

const lower = (v: string | null) => (v ? v.toLowerCase() : "");

function textMatches(item: Indexed, term: string): boolean {
  const s = item.summary;
  return (
    item.search.includes(term) ||
    lower(s.repository).includes(term) ||
    lower(s.tag).includes(term) ||
    lower(s.event).includes(term) ||
    lower(s.endpoint).includes(term) ||
    lower(s.path).includes(term) ||
    lower(s.registry).includes(term) ||
    lower(s.digest).includes(term) ||
    s.id.includes(term) ||
    s.method.toLowerCase() === term
  );
}

function statusMatches(status: number, wanted: string): boolean {
  const w = wanted.trim().toLowerCase();
  if (/^[1-5]xx$/.test(w)) return Math.floor(status / 100) === Number(w[0]);
  return String(status) === w;
}

/** Returns a predicate for the filter, or null when the filter is empty (everything matches). */
export function compileFilter(filter: ListFilter): ((item: Indexed) => boolean) | null {
  const checks: ((item: Indexed) => boolean)[] = [];
  const { endpoint, registry, event, validity, status, cert, q } = filter;
  if (endpoint) checks.push((i) => i.summary.endpoint === endpoint);
  if (registry) checks.push((i) => (i.summary.registry ?? "unknown") === registry);
  if (event) {
    // "quay/repo_push" or just "repo_push"
    const [r, e] = event.includes("/") ? event.split("/", 2) : [null, event];
    checks.push((i) => i.summary.event === e && (r === null || i.summary.registry === r));
  }
  if (validity) checks.push((i) => i.summary.validity === validity);
  if (status) checks.push((i) => statusMatches(i.summary.status, status));
  if (cert) checks.push((i) => i.summary.clientCert.verdict === cert);
  if (q) {
    const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
    checks.push((i) => terms.every((t) => textMatches(i, t)));
  }
  if (checks.length === 0) return null;
  return (item) => checks.every((check) => check(item));
}

/** Largest page a list call returns. */
export const MAX_PAGE = 500;

/** Newest first, `limit` items older than `cursor` (a seq) that match `filter`. */
export function pageOf(index: readonly Indexed[], filter: ListFilter, limit: number, cursor?: string | null) {
  const max = Math.max(1, Math.min(limit || 100, MAX_PAGE));
  const match = compileFilter(filter);
  const before = cursor ? Number(cursor) : Number.POSITIVE_INFINITY;
  const items: DeliverySummary[] = [];
  let i = index.length - 1;
  if (Number.isFinite(before)) {
    // binary search for the first item with seq >= before, then step back
    let lo = 0;
    let hi = index.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((index[mid] as Indexed).summary.seq < before) lo = mid + 1;
      else hi = mid;
    }
    i = lo - 1;
  }
  for (; i >= 0 && items.length < max; i--) {
    const item = index[i] as Indexed;
    if (!match || match(item)) items.push(item.summary);
  }
  const more = i >= 0 && items.length === max;
  return { items, next: more ? String(items.at(-1)?.seq) : null };
}
