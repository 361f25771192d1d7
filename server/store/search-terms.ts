// What full-text search (`q`) matches, shared by the list (summary fields, in memory) and the
// search worker (bodies, header values, path and query, read from the segment files). A term
// matches a field when the lower-cased field contains the lower-cased term; a delivery matches
// when every term matches one of its fields. Each term is a bit of a mask.
import type { DeliveryDetail, DeliverySummary } from "../contract/index.ts";

/** Words per query: each is a bit of a 32-bit mask. */
export const MAX_TERMS = 31;

/**
 * The query's words, lower-cased (at most MAX_TERMS: the caller refuses more).
 * @example splitTerms("  Quay  CVE-1 ") // ["quay", "cve-1"]
 */
export function splitTerms(q: string): string[] {
  // Stryker disable next-line Regex: /\s/ leaves empty words between spaces, which the filter drops
  return q.toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * The mask with a bit for each of `count` terms, as a 32-bit integer like the masks built with
 * `|=` (for 31 terms `(1 << 31) - 1` would be -2147483649, which no mask ever equals).
 */
// Stryker disable next-line EqualityOperator: at exactly 32, both sides give -1
export const allTerms = (count: number) => (count >= 32 ? -1 : (2 ** count - 1) | 0);

const has = (field: string | null, term: string) => field?.toLowerCase().includes(term) === true;

/** A term that searches one header by name: `header:x-github-event=push`, or `header:name` for any value. */
export interface HeaderTerm {
  name: string;
  /** Lower-cased; null: the header is present. */
  value: string | null;
}

const HEADER_TERM = /^header:([^=\s]+)(?:=(.*))?$/;

/**
 * The header a term names (mitmweb's `~h`, HTTP Toolkit's `header[name]=`, spelled as a word of
 * `q`), or null for a plain word. Names match in full, values as a part, both in any case.
 * @example headerTerm("header:x-github-event=push") // { name: "x-github-event", value: "push" }
 */
export function headerTerm(term: string): HeaderTerm | null {
  const m = HEADER_TERM.exec(term);
  if (!m) return null;
  const value = m[2] ?? null;
  return {
    name: (m[1] as string).toLowerCase(),
    value: value === "" ? null : (value?.toLowerCase() ?? null),
  };
}

/** Whether a record's headers hold the one a header term names. */
function headerMatches(headers: readonly [string, string][], t: HeaderTerm): boolean {
  return headers.some(
    ([k, v]) => k.toLowerCase() === t.name && (t.value === null || v.toLowerCase().includes(t.value)),
  );
}

/** The terms (as bits) a summary's own fields match. */
export function summaryMask(s: DeliverySummary, terms: readonly string[]): number {
  let mask = 0;
  for (const [bit, t] of terms.entries()) {
    if (headerTerm(t)) continue; // a summary holds no headers: the record decides
    if (
      has(s.repository, t) ||
      has(s.tag, t) ||
      has(s.event, t) ||
      has(s.endpoint, t) ||
      has(s.path, t) ||
      has(s.registry, t) ||
      has(s.digest, t) ||
      s.id.includes(t) ||
      s.method.toLowerCase() === t
    )
      mask |= 1 << bit;
  }
  return mask;
}

/** The text fields of a whole record that search reads beyond its summary. */
function deepFields(d: DeliveryDetail): string[] {
  const fields = [d.path, d.query];
  if ("text" in d.body) fields.push(d.body.text);
  const decoded = d.decoded?.body;
  if (decoded && "text" in decoded) fields.push(decoded.text);
  for (const [, value] of d.headers) fields.push(value);
  return fields;
}

/** The terms (among those in `which`) found in a record's body, header values, path or query. */
export function recordMask(
  d: DeliveryDetail,
  terms: readonly string[],
  which = allTerms(terms.length),
): number {
  const fields = deepFields(d).map((f) => f.toLowerCase());
  let mask = 0;
  terms.forEach((t, bit) => {
    if (!(which & (1 << bit))) return;
    const header = headerTerm(t);
    if (header ? headerMatches(d.headers, header) : fields.some((f) => f.includes(t))) mask |= 1 << bit;
  });
  return mask;
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/-]/g;
/** Characters outside ASCII whose lower case is ASCII (U+0130 → "i̇", U+212A → "k"), as UTF-8 bytes. */
const FOLDS_TO_ASCII: Record<string, { source: string; bytes: number }> = {
  i: { source: "(?:i|\\xc4\\xb0)", bytes: 2 },
  k: { source: "(?:k|\\xe2\\x84\\xaa)", bytes: 3 },
};

export interface Anchor {
  pattern: RegExp;
  /** The most bytes one match spans (for scanning a file in overlapping pieces). */
  maxBytes: number;
}

/**
 * A pre-filter for a lower-cased term over a segment file's bytes read as latin1: it matches
 * wherever a record field could hold the term (never misses one; may match elsewhere). It looks
 * for the term's longest ASCII run as the file spells it: JSON-escaped, any letter case (a UTF-8
 * character whose lower case is ASCII included). Null when the term has no ASCII to look for:
 * then every record is checked.
 * @example anchorPattern('tag"v1')?.pattern // /tag\\"v1/i
 */
export function anchorPattern(term: string): Anchor | null {
  // a header term: its value (else its name) is in the file as such, wherever the header is
  const header = headerTerm(term);
  if (header) return anchorPattern(header.value ?? header.name);
  const runs = term.match(/[\x00-\x7f]+/g) ?? [];
  const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), "");
  if (longest === "") return null;
  const escaped = JSON.stringify(longest).slice(1, -1);
  let source = "";
  let maxBytes = 0;
  for (const ch of escaped) {
    const fold = Object.hasOwn(FOLDS_TO_ASCII, ch) ? FOLDS_TO_ASCII[ch] : undefined;
    source += fold ? fold.source : ch.replace(REGEX_SPECIAL, "\\$&");
    maxBytes += fold ? fold.bytes : 1;
  }
  return { pattern: new RegExp(source, "i"), maxBytes };
}
