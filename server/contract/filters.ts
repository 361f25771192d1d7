// The list filters' grammar, parsed in one place for the server (`GET /api/deliveries`) and the
// console (rows arriving live, the filter bar's error): the status filter and the event prefix.
// Imports nothing, so web/ can use it as it is.

/** One term of a status filter: an exact code, a class (5xx), or what was done instead of answering. */
export type StatusTerm =
  | { kind: "code"; code: number }
  | { kind: "class"; digit: number }
  | { kind: "action"; action: "hang" | "reset" };

/** A parsed status filter: any of `include` (all statuses when empty) and none of `exclude`. */
export interface StatusFilter {
  include: StatusTerm[];
  exclude: StatusTerm[];
}

/** Terms in one status filter: a longer list is a mistake, not a query. */
export const MAX_STATUS_TERMS = 20;

/** The grammar in words, for the filter bar's help and the API's 400 message. */
export const STATUS_GRAMMAR = "503, 5xx, !200, 200,201, !5xx, hang, reset";

/** What the list shows for an unanswered delivery ("hung", "reset") is accepted too. */
const ACTIONS: Record<string, "hang" | "reset"> = { hang: "hang", hung: "hang", reset: "reset" };

function parseTerm(text: string): StatusTerm | null {
  if (/^[1-5][0-9][0-9]$/.test(text)) return { kind: "code", code: Number(text) };
  if (/^[1-5]xx$/.test(text)) return { kind: "class", digit: Number(text[0]) };
  if (Object.hasOwn(ACTIONS, text)) return { kind: "action", action: ACTIONS[text] as "hang" | "reset" };
  return null;
}

/**
 * Parses a status filter: comma-separated terms, each a code (`503`), a class (`5xx`), `hang`
 * or `reset`, optionally negated with `!`. Positive terms are alternatives; negated ones exclude.
 * Returns an error message (never echoing more than the bad term's length) when it is not valid.
 * @example parseStatusFilter("5xx,!503") // { include: [class 5], exclude: [code 503] }
 * @example parseStatusFilter("50")       // { error: "…" }
 */
export function parseStatusFilter(input: string): StatusFilter | { error: string } {
  const parts = input
    .toLowerCase()
    .split(",")
    .map((p) => p.trim());
  if (parts.length > MAX_STATUS_TERMS) return { error: `status takes at most ${MAX_STATUS_TERMS} terms` };
  const filter: StatusFilter = { include: [], exclude: [] };
  for (const part of parts) {
    const negated = part.startsWith("!");
    const term = parseTerm(negated ? part.slice(1).trim() : part);
    if (!term)
      return {
        error: `status term ${part === "" ? "(empty)" : `"${part.slice(0, 12)}"`} is not one of: ${STATUS_GRAMMAR}`,
      };
    (negated ? filter.exclude : filter.include).push(term);
  }
  return filter;
}

function termMatches(term: StatusTerm, status: number, action: "hang" | "reset" | undefined): boolean {
  if (term.kind === "code") return status === term.code;
  if (term.kind === "class") return Math.floor(status / 100) === term.digit;
  return status === 0 && action === term.action;
}

/** Whether a delivery's answer (its status, or hang/reset when it got none) passes the filter. */
export function statusMatches(filter: StatusFilter, status: number, action?: "hang" | "reset"): boolean {
  if (filter.include.length > 0 && !filter.include.some((t) => termMatches(t, status, action))) return false;
  return !filter.exclude.some((t) => termMatches(t, status, action));
}

/**
 * The event filter: a case-insensitive prefix of the event (`repo_`) or of `registry/event`
 * (`quay/repo`), so a partial name finds every event it starts.
 * @example eventMatches("quay/repo", "quay", "repo_push") // true
 */
export function eventMatches(wanted: string, registry: string | null, event: string | null): boolean {
  if (event === null) return false;
  const w = wanted.trim().toLowerCase();
  if (event.toLowerCase().startsWith(w)) return true;
  return registry !== null && `${registry}/${event}`.toLowerCase().startsWith(w);
}
