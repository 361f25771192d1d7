// Where a JSON pointer points inside JSON text, found by scanning only along the pointer's path
// (values beside it are skipped, not parsed), so a 1 MB body costs one linear pass at most.

export interface PointerSpan {
  /** Start of the value, or of its property name when the value is an object member. */
  from: number;
  /** End of the value. */
  to: number;
  /** The pointer actually found: the whole pointer, or its deepest existing ancestor. */
  pointer: string;
  /** False when only an ancestor exists (a "required" issue names a missing member). */
  exact: boolean;
}

const WS = new Set([" ", "\t", "\n", "\r"]);

function skipWs(t: string, i: number): number {
  let at = i;
  while (at < t.length && WS.has(t[at] as string)) at += 1;
  return at;
}

/** Index just after the string starting at `i` (a quote). */
function skipString(t: string, i: number): number {
  let at = i + 1;
  while (at < t.length) {
    const ch = t[at];
    if (ch === "\\") at += 2;
    else if (ch === '"') return at + 1;
    else at += 1;
  }
  return t.length;
}

/** Index just after the value starting at `i`. */
function skipValue(t: string, i: number): number {
  const first = t[i];
  if (first === '"') return skipString(t, i);
  if (first !== "{" && first !== "[") {
    let at = i;
    while (at < t.length && !/[\s,\]}]/.test(t[at] as string)) at += 1;
    return at;
  }
  let depth = 0;
  let at = i;
  while (at < t.length) {
    const ch = t[at];
    if (ch === '"') {
      at = skipString(t, at);
      continue;
    }
    if (ch === "{" || ch === "[") depth += 1;
    else if (ch === "}" || ch === "]") {
      depth -= 1;
      if (depth === 0) return at + 1;
    }
    at += 1;
  }
  return t.length;
}

interface Child {
  keyFrom: number;
  valueFrom: number;
}

/** The member `key` of the object at `i` (the last one, as JSON.parse keeps the last). */
function findMember(t: string, i: number, key: string): Child | null {
  let found: Child | null = null;
  let at = skipWs(t, i + 1);
  while (t[at] === '"') {
    const keyEnd = skipString(t, at);
    const name = JSON.parse(t.slice(at, keyEnd)) as string;
    const valueFrom = skipWs(t, skipWs(t, keyEnd) + 1); // past ":"
    if (name === key) found = { keyFrom: at, valueFrom };
    at = skipWs(t, skipValue(t, valueFrom));
    if (t[at] !== ",") break;
    at = skipWs(t, at + 1);
  }
  return found;
}

/** Element `index` of the array at `i`. */
function findElement(t: string, i: number, index: number): Child | null {
  let at = skipWs(t, i + 1);
  for (let n = 0; at < t.length && t[at] !== "]"; n += 1) {
    if (n === index) return { keyFrom: at, valueFrom: at };
    at = skipWs(t, skipValue(t, at));
    if (t[at] !== ",") return null;
    at = skipWs(t, at + 1);
  }
  return null;
}

const unescapeSegment = (s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~");

/**
 * The text span of `pointer` (RFC 6901) in `text`, which must be valid JSON.
 * @example locatePointer('{"a":[1,{"b":2}]}', "/a/1/b") // { from: 9, to: 14, pointer: "/a/1/b", exact: true }
 */
export function locatePointer(text: string, pointer: string): PointerSpan {
  const segments = pointer === "" ? [] : pointer.split("/").slice(1);
  let valueFrom = skipWs(text, 0);
  let keyFrom = valueFrom;
  let reached = "";
  for (const raw of segments) {
    const ch = text[valueFrom];
    const seg = unescapeSegment(raw);
    const child =
      ch === "{"
        ? findMember(text, valueFrom, seg)
        : ch === "[" && /^(?:0|[1-9]\d*)$/.test(seg)
          ? findElement(text, valueFrom, Number(seg))
          : null;
    if (!child) return { from: keyFrom, to: skipValue(text, valueFrom), pointer: reached, exact: false };
    ({ keyFrom, valueFrom } = child);
    reached = `${reached}/${raw}`;
  }
  return { from: keyFrom, to: skipValue(text, valueFrom), pointer: reached, exact: true };
}
