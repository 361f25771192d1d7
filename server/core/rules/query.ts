// URL overrides on the receiver (`/hooks/ci?status=503&delay=2000&action=hang`): a forced answer
// that needs no rules. Out-of-range values are ignored, never an error: the delivery is still recorded.

/**
 * Longest `?delay=` any sender may ask for (larger values are clamped; the record shows the
 * delay applied). Lower than a rule's MAX_DELAY_MS: rules are set in the console, the URL by
 * whoever can reach the receiver. Every registry gives up sooner (Quay after 10 s).
 */
export const MAX_QUERY_DELAY_MS = 60_000;

/** What the query asks for; the receiver answers with it instead of evaluating rules. */
export interface QueryOverride {
  status?: number;
  delayMs?: number;
  action?: "hang" | "reset";
}

/**
 * Read `status` (100-599), `delay` (ms, capped at MAX_QUERY_DELAY_MS) and `action` (hang|reset).
 * @returns null when the query asks for nothing usable.
 * @example parseQueryOverride(new URLSearchParams("status=503&delay=2000")) // { status: 503, delayMs: 2000 }
 */
export function parseQueryOverride(query: URLSearchParams): QueryOverride | null {
  const override: QueryOverride = {};
  const status = query.get("status");
  if (status !== null && /^\d{3}$/.test(status)) {
    const code = Number(status);
    if (code >= 100 && code <= 599) override.status = code;
  }
  const delay = query.get("delay");
  if (delay !== null && /^\d{1,9}$/.test(delay))
    override.delayMs = Math.min(Number(delay), MAX_QUERY_DELAY_MS);
  const action = query.get("action");
  if (action === "hang" || action === "reset") override.action = action;
  return Object.keys(override).length > 0 ? override : null;
}
