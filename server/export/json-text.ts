// Rewrites the string and number values of a JSON text in place, so an export can replace a
// host or a timestamp and keep every other byte (spacing, key order, escapes) as received.

export interface JsonTokenVisitor {
  /** `raw` is the literal between the quotes, escapes untouched; return its replacement. */
  string?(raw: string, ctx: { key: string | null; isKey: boolean }): string;
  /** A number token; `key` is set when it is the value of an object member. */
  number?(raw: string, ctx: { key: string | null }): string;
}

// Strings first, so digits inside strings never count as numbers; outside strings JSON has
// only punctuation, whitespace and true/false/null, none of which contain digits.
const TOKEN = /"((?:[^"\\]|\\.)*)"(\s*:)?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/gs;

/** True when `text` parses as JSON. */
export function isJsonText(text: string): boolean {
  if (text.trim() === "") return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function decodeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * Walks a valid JSON text and replaces values through `visit`. Keys are offered too (with
 * `isKey`) but a visitor that returns them unchanged keeps the document's shape.
 * @example rewriteJsonText('{"a":"x"}', { string: (s) => s.toUpperCase() }) // '{"A":"X"}'
 */
export function rewriteJsonText(text: string, visit: JsonTokenVisitor): string {
  let pendingKey: string | null = null;
  let keyEnd = -1;
  return text.replace(TOKEN, (match, raw: string | undefined, colon: string | undefined, offset: number) => {
    // A value belongs to the key only when nothing but whitespace sits between them; an
    // object or array in between means this token is nested deeper.
    const key = pendingKey !== null && text.slice(keyEnd, offset).trim() === "" ? pendingKey : null;
    pendingKey = null;
    if (raw === undefined) return visit.number ? visit.number(match, { key }) : match;
    if (colon !== undefined) {
      pendingKey = decodeKey(raw);
      keyEnd = offset + match.length;
      const out = visit.string ? visit.string(raw, { key: null, isKey: true }) : raw;
      return `"${out}"${colon}`;
    }
    const out = visit.string ? visit.string(raw, { key, isKey: false }) : raw;
    return `"${out}"`;
  });
}

/**
 * Applies `fn` to the decoded value of a string literal's content and re-escapes it only when
 * it changed, so untouched strings keep their original escapes byte for byte.
 */
export function mapStringLiteral(raw: string, fn: (value: string) => string): string {
  let value: string;
  try {
    value = JSON.parse(`"${raw}"`) as string;
  } catch {
    return fn(raw);
  }
  const out = fn(value);
  return out === value ? raw : JSON.stringify(out).slice(1, -1);
}
