// The list-row view of a stored delivery.
import type { BodyPayload, DeliveryDetail, DeliverySummary } from "../contract/index.ts";
import { bodyKind } from "./media-kind.ts";

/**
 * Repeated values (endpoint, event, repository ...) share one string in memory: with 100,000
 * summaries held, duplicates would cost tens of megabytes. Values unique by nature (digests,
 * chain ids) are not pooled; a full pool starts over, so values common now are shared again
 * (a pool that merely stopped growing would soon hold only values seen once).
 */
const pool = new Map<string, string>();
const MAX_POOL = 10_000;
// The pool changes which copy of a string is kept, never its value: a string's identity cannot be
// observed, so its bounds and branches are checked by memory (the bench's RSS), not by mutants.
export function intern<T extends string | null>(value: T): T {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: identity only (see above)
  if (value === null || value.length > 200) return value;
  const hit = pool.get(value);
  // Stryker disable next-line ConditionalExpression: identity only (see above)
  if (hit !== undefined) return hit as T;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: identity only (see above)
  if (pool.size >= MAX_POOL) pool.clear();
  pool.set(value, value);
  return value;
}

const certs = new Map<string, DeliverySummary["clientCert"]>();
export function sharedCert(c: DeliverySummary["clientCert"]): DeliverySummary["clientCert"] {
  const key = `${c.presented}/${c.verdict}`;
  let shared = certs.get(key);
  if (!shared) {
    shared = Object.freeze({ presented: c.presented, verdict: c.verdict });
    certs.set(key, shared);
  }
  return shared;
}

/** What was done instead of answering: kept in the summary (records store it in `response`). */
function unanswered(d: DeliverySummary & { response?: { action?: unknown } }): "hang" | "reset" | null {
  const action = d.action ?? d.response?.action;
  return action === "hang" || action === "reset" ? action : null;
}

type Stored = DeliverySummary & {
  response?: { action?: unknown };
  signature?: { verdict: DeliverySummary["sig"] } | null;
  /** Present on a whole record (not on a summary read back from an index file). */
  body?: BodyPayload;
  decoded?: DeliveryDetail["decoded"];
};

export function toSummary(d: Stored): DeliverySummary {
  const summary: DeliverySummary = {
    id: d.id,
    seq: d.seq,
    receivedAt: d.receivedAt,
    endpoint: intern(d.endpoint),
    method: intern(d.method),
    path: intern(d.path),
    registry: intern(d.registry),
    event: intern(d.event),
    detection: d.detection,
    validity: d.validity,
    issueCount: d.issueCount,
    repository: intern(d.repository),
    tag: intern(d.tag),
    digest: d.digest,
    status: d.status,
    size: d.size,
    clientCert: sharedCert(d.clientCert),
    chain: d.chain ? { id: d.chain.id, attempt: d.chain.attempt } : null,
    replayOf: d.replayOf,
  };
  if (d.note) summary.note = d.note;
  const action = unanswered(d);
  if (action) summary.action = action;
  const sig = d.sig ?? d.signature?.verdict;
  if (sig) summary.sig = sig;
  // a gzip body names its media type in the decoded text
  const kind = d.kind ?? bodyKind(d.body) ?? bodyKind(d.decoded?.body ?? undefined);
  if (kind) summary.kind = kind;
  return summary;
}

export function bodyText(d: DeliveryDetail): string {
  return "text" in d.body ? d.body.text : "";
}
