// createNormalizer: stable placeholders for values that change on every capture (times, UUIDs,
// digests), so a re-captured sample diffs cleanly against the published one. Format is kept.
import { isJsonText, mapStringLiteral, rewriteJsonText } from "./json-text.ts";

export interface Normalizer {
  /** A body or any free text; in JSON, epoch numbers under time-like keys are fixed too. */
  text(s: string): string;
  headers(h: readonly [string, string][]): [string, string][];
  /** Quayside's own delivery ids (in our answer, X-Quayside-* headers) get numbered too. */
  addDeliveryId(id: string): void;
}

/** The fixed instant every timestamp becomes (Go's reference time, familiar in registry docs). */
export const FIXED_TIME = "2006-01-02T15:04:05";
export const FIXED_EPOCH_SECONDS = 1136214245;
const FIXED_HTTP_DATE = "Mon, 02 Jan 2006 15:04:05 GMT";
const DAYS = "Mon|Tue|Wed|Thu|Fri|Sat|Sun";
const MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec";

const PATTERN = new RegExp(
  [
    // RFC 3339 (and its space-separated variant): keep separator, fraction length, zone style.
    "\\b\\d{4}-\\d{2}-\\d{2}(?<sep>[Tt ])\\d{2}:\\d{2}:\\d{2}(?<frac>\\.\\d+)?(?<zone>[Zz]|[+-]\\d{2}(?<colon>:?)\\d{2})?(?!\\d)",
    `(?<httpdate>\\b(?:${DAYS}), \\d{2} (?:${MONTHS}) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT)`,
    "(?<uuid>\\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\b)",
    "(?<digest>\\b(?<algo>sha256|sha384|sha512):(?<hex>[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})\\b)",
  ].join("|"),
  "g",
);

interface Groups {
  sep?: string;
  frac?: string;
  zone?: string;
  colon?: string;
  httpdate?: string;
  uuid?: string;
  digest?: string;
  algo?: string;
  hex?: string;
}

/** Keys whose numeric values are times: Harbor `occur_at`, Docker Hub `pushed_at`, `created` ... */
export function isTimeKey(key: string): boolean {
  return (
    /(?:^|[_-])(?:at|time|timestamp|date|created|updated|modified|expires|expiry)$/i.test(key) ||
    /[a-z](?:At|Time|Date|Timestamp)$/.test(key) ||
    /^(?:iat|exp|nbf)$/.test(key)
  );
}

/** An epoch in s, ms, µs or ns (judged by its digits) becomes the fixed instant, same scale. */
function fixEpoch(raw: string): string {
  const m = /^(\d{9,19})(\.\d+)?$/.exec(raw);
  if (!m?.[1]) return raw;
  const scale = 10n ** BigInt(Math.max(0, m[1].length - 10));
  const fraction = m[2] ? `.${"0".repeat(m[2].length - 1)}` : "";
  return `${BigInt(FIXED_EPOCH_SECONDS) * scale}${fraction}`;
}

/**
 * Creates a normaliser; numbering is consistent for its life (the first UUID seen is always
 * `...000000000001`, wherever it appears again).
 * @example createNormalizer().text('{"time":"2024-05-01T10:00:00.123Z"}')
 *   // '{"time":"2006-01-02T15:04:05.000Z"}'
 */
export function createNormalizer(): Normalizer {
  const uuids = new Map<string, string>();
  const digests = new Map<string, string>();
  const deliveryIds = new Map<string, string>();

  function numbered(map: Map<string, string>, key: string, make: (n: number) => string): string {
    let value = map.get(key);
    if (!value) {
      value = make(map.size + 1);
      map.set(key, value);
    }
    return value;
  }

  function replace(match: string, ...args: unknown[]): string {
    const g = args.at(-1) as Groups;
    if (g.httpdate !== undefined) return FIXED_HTTP_DATE;
    if (g.uuid !== undefined) {
      return numbered(
        uuids,
        match.toLowerCase(),
        (n) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`,
      );
    }
    if (g.digest !== undefined && g.algo !== undefined && g.hex !== undefined) {
      const width = g.hex.length;
      return numbered(digests, match, (n) => `${g.algo}:${n.toString(16).padStart(width, "0")}`);
    }
    const fraction = g.frac ? `.${"0".repeat(g.frac.length - 1)}` : "";
    const zone = g.zone === undefined ? "" : /^[Zz]$/.test(g.zone) ? g.zone : `+00${g.colon ?? ""}00`;
    return `${FIXED_TIME.replace("T", g.sep ?? "T")}${fraction}${zone}`;
  }

  const plain = (s: string) => {
    let out = s.replace(PATTERN, replace);
    for (const [id, placeholder] of deliveryIds) out = out.split(id).join(placeholder);
    return out;
  };

  return {
    text(s) {
      if (!isJsonText(s)) return plain(s);
      return rewriteJsonText(s, {
        string: (raw, ctx) => (ctx.isKey ? raw : mapStringLiteral(raw, plain)),
        number: (raw, ctx) => (ctx.key !== null && isTimeKey(ctx.key) ? fixEpoch(raw) : raw),
      });
    },
    headers(h) {
      return h.map(([name, value]): [string, string] => [name, plain(value)]);
    },
    addDeliveryId(id) {
      if (id.length >= 4) numbered(deliveryIds, id, (n) => `d${String(n).padStart(12, "0")}`);
    },
  };
}
