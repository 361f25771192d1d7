// Matching a summary against the list filters of GET /api/deliveries.
import type { DeliverySummary } from "../contract/index.ts";
import type { ListFilter } from "./types.ts";

/** How much of each body full-text search sees, kept in memory per delivery. */
export const SEARCH_PREFIX_BYTES = 1024;

export interface Indexed {
  summary: DeliverySummary;
  /** Lower-cased summary fields and body prefix, for `q`. */
  search: string;
  segment: number;
}

export function searchText(summary: DeliverySummary, bodyText: string): string {
  return [
    summary.id,
    summary.endpoint,
    summary.path,
    summary.method,
    summary.registry,
    summary.event,
    summary.repository,
    summary.tag,
    summary.digest,
    bodyText.slice(0, SEARCH_PREFIX_BYTES),
  ]
    .filter(Boolean)
    .join("\n")
    .toLowerCase();
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
    checks.push((i) => terms.every((t) => i.search.includes(t)));
  }
  if (checks.length === 0) return null;
  return (item) => checks.every((check) => check(item));
}
