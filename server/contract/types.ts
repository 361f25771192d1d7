// The JSON shapes shared by the server and the UI (SPEC.md "Interfaces"). Imports only the
// contract's own files, so web/ can depend on it without pulling in server code.

export * from "./endpoint-settings.ts";
export * from "./registries.ts";

import type { EndpointView } from "./endpoint-settings.ts";
import type { RegistryId } from "./registries.ts";

/** How the event was recognised: from the body itself, from the pinned URL, by shape, or not at all. */
export type Detection = "declared" | "pinned" | "guessed" | "unknown";
/** "not-validated": the endpoint's validation setting is "off" (a Quay custom body template). */
export type Validity = "valid" | "invalid" | "unknown-event" | "not-json" | "not-validated";
/**
 * How an endpoint checks bodies against the catalog: "lenient" (the schema as written),
 * "documented" (also report fields the docs do not list), "off" (record, never judge).
 */
export type ValidationMode = "documented" | "lenient" | "off";
export const VALIDATION_MODES: readonly ValidationMode[] = ["documented", "lenient", "off"];
export type CertVerdict = "trusted" | "pinned" | "untrusted" | "none";
export type ClientCertMode = "off" | "report" | "require";
/** valid, invalid (does not match), missing (no signature header), unsigned (sender has no secret). */
export type SignatureVerdict = "valid" | "invalid" | "missing" | "unsigned";
export type SignatureMode = "report" | "require";

/** An endpoint's shared secret; views (API, live messages) carry it masked, never in full. */
export interface SignatureSettings {
  /** The shared secret (HMAC key), or the exact value of the static header. */
  secret: string;
  /** `require` refuses deliveries whose verdict is not "valid" (401, after recording). */
  mode: SignatureMode;
  /** The header a static secret travels in (default Authorization). */
  header?: string;
}

/** A delivery's signature check, in words. */
export interface SignatureCheck {
  /** Which scheme was checked ("GitHub HMAC-SHA256 (X-Hub-Signature-256)"). */
  scheme: string;
  verdict: SignatureVerdict;
  /** Why, in words; never echoes the secret or the presented value. */
  reason: string;
}

/** The claims of an OIDC bearer token (Pub/Sub push, Chainguard), decoded, never verified. */
export interface BearerClaims {
  issuer: string | null;
  audience: string | null;
  subject: string | null;
  email: string | null;
  /** ISO time, or null when the token has no `exp`. */
  expiresAt: string | null;
  /** Whether `exp` had passed when the delivery arrived. */
  expired: boolean;
  note: string;
}

export interface ValidationIssue {
  /** JSON pointer (RFC 6901) into the body, "" for the root. */
  pointer: string;
  message: string;
  keyword: string;
  value?: unknown;
}

/** What a registry event is about, from the media type its body names (`target.mediaType`). */
export type MediaKind = "manifest" | "index" | "blob" | "config" | "chart";

export interface DeliverySummary {
  id: string;
  seq: number;
  receivedAt: string;
  endpoint: string;
  method: string;
  path: string;
  registry: RegistryId | null;
  event: string | null;
  detection: Detection;
  validity: Validity;
  issueCount: number;
  repository: string | null;
  tag: string | null;
  digest: string | null;
  /** The status Quayside answered with (0 when the connection was reset or hung up). */
  status: number;
  size: number;
  clientCert: { presented: boolean; verdict: CertVerdict };
  chain: { id: string; attempt: number } | null;
  replayOf: string | null;
  /** Set for stub records: "too-large", "browser-origin", "require-cert" ... */
  note?: string;
  /** Set when no answer was sent (status 0): the request was held ("hang") or its connection reset. */
  action?: "hang" | "reset";
  /** The signature verdict; absent when the endpoint had no secret. */
  sig?: SignatureVerdict;
  /** Manifest, blob ...: set when the body names a media type (distribution, GitLab, ACR, Zot, ECR). */
  kind?: MediaKind;
}

export interface CertificateDetails {
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  serialNumber: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
  extKeyUsage: string[];
  /** Subjects from the leaf up, as the peer presented them. */
  chain: string[];
}

export interface TlsInfo {
  protocol: string | null;
  cipher: string | null;
  servername: string | null;
  clientCert: {
    presented: boolean;
    verdict: CertVerdict;
    /** Plain-words explanation of the verdict (why untrusted, and what to do). */
    reason: string | null;
    authorized: boolean;
    authorizationError: string | null;
    details: CertificateDetails | null;
  };
}

export type BodyPayload = { text: string; truncated?: boolean } | { base64: string; truncated?: boolean };

export interface ResponseRecord {
  status: number;
  headers: [string, string][];
  body: string;
  delayMs: number;
  action: "respond" | "hang" | "reset";
  /** Which rule decided: its index, "query" for URL overrides, null for the default answer. */
  rule: number | "query" | "policy" | "limit" | "proxy" | null;
}

export interface ReplayResult {
  at: string;
  target: string;
  status: number | null;
  headers: [string, string][];
  body: string;
  durationMs: number;
  error?: { code: string; message: string };
  deliveryId?: string;
}

export interface DeliveryDetail extends DeliverySummary {
  query: string;
  headers: [string, string][];
  body: BodyPayload;
  /** The body after Content-Encoding gzip/deflate was undone, for display; raw stays in `body`. */
  decoded?: { body: BodyPayload | null; error: string | null };
  remote: { address: string; port: number };
  scheme: "https" | "http";
  tls: TlsInfo | null;
  validation: {
    validity: Validity;
    /** The first 100 issues (all of them when `issueTotal` is absent). */
    issues: ValidationIssue[];
    confidence?: number;
    /** Set when `issues` is not all: how many were found in all. */
    issueTotal?: number;
    /** True when validation stopped early (a large body), so `issueTotal` is a lower bound. */
    issueTotalAtLeast?: boolean;
  };
  response: ResponseRecord;
  replays: ReplayResult[];
  timings: { receivedMs: number; storedMs: number };
  /** The signature check against the endpoint's secret; null (or absent) when it had none. */
  signature?: SignatureCheck | null;
  /** The claims of an `Authorization: Bearer` OIDC token, when one was sent. */
  bearer?: BearerClaims | null;
}

export interface Page<T> {
  items: T[];
  next: string | null;
  /**
   * How many stored deliveries match the filters in all: on a list's first page (no cursor)
   * without `q` (a full-text count would mean reading every body).
   */
  total?: number;
}

export interface TlsErrorEvent {
  at: string;
  remote: string;
  /** As OpenSSL or Node said it ("…:SSL alert number 48"). */
  reason: string;
  /** What it means and what to do, in words; absent only in messages from older servers. */
  explanation?: string;
}

export type LiveMessage =
  | { type: "hello"; seq: number }
  | { type: "delivery"; delivery: DeliverySummary }
  | { type: "delivery-updated"; delivery: DeliverySummary }
  | { type: "deleted"; ids: string[] }
  | { type: "cleared"; endpoint: string | null }
  | { type: "endpoint"; endpoint: EndpointView }
  | ({ type: "tls-error" } & TlsErrorEvent)
  /** The data dir's problems changed while running (a segment could not be sealed, or now is). */
  | { type: "store-warnings"; warnings: string[] };

/**
 * One WebSocket frame of /api/live: a single message, or several published in the same instant
 * (a burst of deliveries) as a batch, in order.
 */
export type LiveFrame = LiveMessage | { type: "batch"; messages: LiveMessage[] };

export interface Health {
  ok: true;
  version: string;
  deliveries: number;
  urls: { https: string | null; http: string | null; console: string };
  storeWarnings: string[];
}

// The catalog and chain shapes live in catalog.ts; importers of this file still see them.
export * from "./catalog.ts";
