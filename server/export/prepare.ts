// The delivery as every export format sees it: redaction and normalisation applied once, with
// one redactor per export so placeholders agree across body, headers, URL and response.
import type { BodyPayload, DeliveryDetail } from "../contract/index.ts";
import { isJsonText } from "./json-text.ts";
import { createNormalizer, type Normalizer } from "./normalize.ts";
import { createRedactor, type Redactor } from "./redact.ts";
import { parsePattern } from "./user-pattern.ts";

export { PatternError, parsePattern } from "./user-pattern.ts";

export interface ExportOptions {
  /** Mask hosts, addresses and secrets (on by default in the API and CLI). */
  redact: boolean;
  /** Fixed placeholders for times, UUIDs and digests. */
  normalize?: boolean;
  /** Receiver base URL for reproduced requests; default https://localhost:8443 (http: 8080). */
  baseUrl?: string;
  /**
   * Extra text to mask; `/re/flags` strings are regular expressions, run on RE2 (linear time;
   * no back-references or lookarounds). An invalid one throws PatternError.
   */
  extraPatterns?: (string | RegExp)[];
  /** Mask loopback hosts in bodies and headers too (samples; see RedactorOptions). */
  maskLoopback?: boolean;
}

export interface Transform {
  text(s: string): string;
  headers(h: readonly [string, string][]): [string, string][];
  url(u: string): string;
  /** Lets normalisation replace this delivery's own ids with numbered placeholders. */
  addDeliveryIds(ids: readonly (string | null)[]): void;
}

export interface PreparedDelivery {
  source: DeliveryDetail;
  method: string;
  /** Path plus query, as requested. */
  target: string;
  url: string;
  headers: [string, string][];
  /** Body bytes after redaction (byte-exact when nothing was masked). */
  bytes: Buffer;
  /** UTF-8 text of the body, null for bytes that are not UTF-8. */
  text: string | null;
  isJson: boolean;
  truncated: boolean;
  receivedAt: string;
  response: { status: number; headers: [string, string][]; body: string };
}

/** Builds the text transform for one export (identity when neither option is on). */
export function createTransform(opts: ExportOptions): Transform {
  const redactor: Redactor | null = opts.redact
    ? createRedactor({
        extraPatterns: (opts.extraPatterns ?? []).map(parsePattern),
        maskLoopback: opts.maskLoopback === true,
      })
    : null;
  const normalizer: Normalizer | null = opts.normalize ? createNormalizer() : null;
  return {
    text: (s) => {
      const r = redactor ? redactor.text(s) : s;
      return normalizer ? normalizer.text(r) : r;
    },
    headers: (h) => {
      const r = redactor ? redactor.headers(h) : h.map(([n, v]): [string, string] => [n, v]);
      return normalizer ? normalizer.headers(r) : r;
    },
    url: (u) => (redactor ? redactor.url(u) : u),
    addDeliveryIds: (ids) => {
      for (const id of ids) if (id && normalizer) normalizer.addDeliveryId(id);
    },
  };
}

function defaultBase(d: DeliveryDetail): string {
  return d.scheme === "https" ? "https://localhost:8443" : "http://localhost:8080";
}

function bodyBytes(body: BodyPayload, t: Transform): { bytes: Buffer; text: string | null } {
  if ("text" in body) {
    const text = t.text(body.text);
    return { bytes: Buffer.from(text, "utf8"), text };
  }
  // latin1 maps each byte to one char and back, so masking ASCII text inside a body that is
  // not UTF-8 leaves every other byte exactly as received.
  const raw = Buffer.from(body.base64, "base64");
  const masked = t.text(raw.toString("latin1"));
  return { bytes: Buffer.from(masked, "latin1"), text: null };
}

/** Applies the export's transform to one delivery. */
export function prepareDelivery(d: DeliveryDetail, t: Transform, opts: ExportOptions): PreparedDelivery {
  const query = d.query === "" || d.query === "?" ? "" : d.query.startsWith("?") ? d.query : `?${d.query}`;
  const target = d.path.includes("?") ? d.path : `${d.path}${query}`;
  const base = (opts.baseUrl ?? defaultBase(d)).replace(/\/+$/, "");
  t.addDeliveryIds([d.id, d.replayOf]);
  const { bytes, text } = bodyBytes(d.body, t);
  return {
    source: d,
    method: d.method.toUpperCase(),
    target: t.url(target),
    url: t.url(`${base}${target}`),
    headers: t.headers(d.headers),
    bytes,
    text,
    isJson: text !== null && isJsonText(text),
    truncated: d.body.truncated === true,
    receivedAt: t.text(d.receivedAt),
    response: {
      status: d.response.status,
      headers: t.headers(d.response.headers),
      body: t.text(d.response.body),
    },
  };
}

/** Pretty JSON when the body is JSON, else its text (or null for bytes that are not UTF-8). */
export function prettyBody(p: PreparedDelivery): string | null {
  if (p.text === null) return null;
  return p.isJson ? `${JSON.stringify(JSON.parse(p.text), null, 2)}\n` : p.text;
}

/** The Content-Type header of a header list, if any. */
export function headerValue(headers: readonly [string, string][], name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1] ?? null;
}

/** What an export hands back: a download or text to show. */
export interface ExportFile {
  contentType: string;
  filename: string;
  body: string | Buffer;
}

/** A path segment safe on every file system (event ids come from bodies). */
export function safeSegment(s: string): string {
  const cleaned = s.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");
  return cleaned === "" ? "_" : cleaned.slice(0, 100);
}
