// The pieces a delivery record is made of: ids, the URL as sent, header pairs, default endpoint
// settings, the answers (a rule's, a fixed one, a proxied one), validation and certificate summaries.
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type {
  DeliveryDetail,
  ForwardSettings,
  ReplayResult,
  ResponseRecord,
  TlsInfo,
} from "../contract/index.ts";
import { ERROR_CODES, type ErrorCode, errorBody } from "../contract/index.ts";
import type { Classification } from "../core/catalog/index.ts";
import type { Decision } from "../core/rules/index.ts";

// A per-process random prefix plus a counter: unique and cheap (no random bytes per request).
const ID_PREFIX = randomBytes(3).toString("hex");
let idCounter = 0;

export function newDeliveryId(): string {
  idCounter = (idCounter + 1) % 1_679_616; // 36^4
  return `d${Date.now().toString(36)}${ID_PREFIX}${idCounter.toString(36).padStart(4, "0")}`;
}

/** Path and query exactly as the sender wrote them (the query with its `?`, or ""). */
export function splitUrl(raw: string): { path: string; query: string } {
  if (!raw.startsWith("/")) {
    // absolute form (`POST http://host/hooks/x`), as a client talking to a proxy sends it
    const url = URL.canParse(raw) ? new URL(raw) : new URL(raw, "http://receiver");
    return { path: url.pathname, query: url.search };
  }
  const q = raw.indexOf("?");
  return q === -1 ? { path: raw, query: "" } : { path: raw.slice(0, q), query: raw.slice(q) };
}

/** Headers in arrival order, duplicates kept. */
export function rawHeaderPairs(req: IncomingMessage): [string, string][] {
  const raw = req.rawHeaders;
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}

// kept here for the receiver's own imports; the default belongs to the core
export { defaultEndpoint } from "../core/endpoints.ts";

/** The answer Quayside gives for a decision; `id` goes into the default body. */
export function responseFor(decision: Decision, id: string): ResponseRecord {
  if (decision.action !== "respond") {
    return { status: 0, headers: [], body: "", delayMs: 0, action: decision.action, rule: decision.rule };
  }
  const headers: [string, string][] = Object.entries(decision.headers);
  const lower = new Set(headers.map(([k]) => k.toLowerCase()));
  let body = decision.body;
  if (body === null) {
    body = JSON.stringify(
      decision.status < 400
        ? { ok: true, delivery: id }
        : { ok: false, delivery: id, status: decision.status },
    );
    if (!lower.has("content-type")) headers.push(["content-type", "application/json"]);
  }
  headers.push(["x-quayside-delivery", id]);
  return {
    status: decision.status,
    headers,
    body,
    delayMs: decision.delayMs,
    action: "respond",
    rule: decision.rule,
  };
}

/** A fixed answer that is not a rule's (policy, limit, browser origin). */
export function fixedResponse(
  status: number,
  code: ErrorCode,
  message: string,
  id: string,
  rule: ResponseRecord["rule"],
): ResponseRecord {
  return {
    status,
    headers: [
      ["content-type", "application/json"],
      ["x-quayside-delivery", id],
    ],
    body: JSON.stringify({ ...errorBody(code, message), delivery: id }),
    delayMs: 0,
    action: "respond",
    rule,
  };
}

/** The answer relayed from the user's service in proxy mode (502 when it could not be reached). */
export function proxiedResponse(result: ReplayResult, id: string): ResponseRecord {
  if (result.status === null) {
    return fixedResponse(
      502,
      ERROR_CODES.BAD_GATEWAY,
      `forward target failed: ${result.error?.message ?? "no answer"}`,
      id,
      "proxy",
    );
  }
  const keep = result.headers.filter(([k]) => /^(content-type|retry-after|location)$/i.test(k));
  return {
    status: result.status,
    headers: [...keep, ["x-quayside-delivery", id]],
    body: result.body,
    delayMs: 0,
    action: "respond",
    rule: "proxy",
  };
}

/** The stored validation: the kept issues, and their total only when some were not kept. */
export function validationRecord(cls: Classification): DeliveryDetail["validation"] {
  const out: DeliveryDetail["validation"] = { validity: cls.validity, issues: cls.issues };
  if (cls.confidence !== null) out.confidence = cls.confidence;
  if (cls.issueTotal > cls.issues.length || cls.issueTotalAtLeast) {
    out.issueTotal = cls.issueTotal;
    if (cls.issueTotalAtLeast) out.issueTotalAtLeast = true;
  }
  return out;
}

export function certSummary(tls: TlsInfo | null): DeliveryDetail["clientCert"] {
  return tls
    ? { presented: tls.clientCert.presented, verdict: tls.clientCert.verdict }
    : { presented: false, verdict: "none" };
}

/** A forward (mirror or proxy) presents Quayside's client certificate only when its settings ask for it. */
export const forwardCert = (forward: ForwardSettings) =>
  ({ clientCert: forward.clientCert ? "quayside" : "none" }) as const;
