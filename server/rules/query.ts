// URL overrides on the receiver (`/hooks/ci?status=503&delay=2000&action=hang`): a forced answer
// that needs no rules. Out-of-range values are ignored, never an error: the delivery is still recorded.
import { MAX_DELAY_MS } from "./validate.ts";

/** What the query asks for; the receiver answers with it instead of evaluating rules. */
export interface QueryOverride {
  status?: number;
  delayMs?: number;
  action?: "hang" | "reset";
}

/**
 * Read `status` (100-599), `delay` (ms, capped at MAX_DELAY_MS) and `action` (hang|reset).
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
  if (delay !== null && /^\d{1,9}$/.test(delay)) override.delayMs = Math.min(Number(delay), MAX_DELAY_MS);
  const action = query.get("action");
  if (action === "hang" || action === "reset") override.action = action;
  return Object.keys(override).length > 0 ? override : null;
}
