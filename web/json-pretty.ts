// Indents JSON text for the body viewer without parsing it into values: every token stays as
// the sender wrote it (1.0 stays 1.0, 2^64 keeps its digits, "\u00e9" keeps its escape), only
// the white space between tokens changes. Linear, so a 1 MB body costs one pass.

const INDENT = "  ";
const STRUCTURAL = new Set(["{", "}", "[", "]", ",", ":", '"', " ", "\t", "\n", "\r"]);

/** Index just after the string literal starting at `i`. */
function stringEnd(t: string, i: number): number {
  let at = i + 1;
  while (at < t.length) {
    const ch = t.charCodeAt(at);
    if (ch === 92)
      at += 2; // backslash
    else if (ch === 34)
      return at + 1; // quote
    else at += 1;
  }
  return t.length;
}

/**
 * Two-space indented JSON with the same tokens; empty objects and arrays stay `{}` and `[]`.
 * Text that is not JSON comes back re-spaced but otherwise unchanged.
 * @example reindentJson('{"a":[1,2],"b":{}}') // '{\n  "a": [\n    1,\n    2\n  ],\n  "b": {}\n}'
 */
export function reindentJson(text: string): string {
  let out = "";
  let depth = 0;
  let i = 0;
  const indents: string[] = [];
  const newline = () => {
    indents[depth] ??= `\n${INDENT.repeat(depth)}`;
    out += indents[depth] as string;
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    i += 1;
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") continue;
    if (ch === "{" || ch === "[") {
      let next = i;
      while (next < text.length && /\s/.test(text[next] as string)) next += 1;
      if (text[next] === (ch === "{" ? "}" : "]")) {
        out += ch === "{" ? "{}" : "[]";
        i = next + 1;
        continue;
      }
      out += ch;
      depth += 1;
      newline();
    } else if (ch === "}" || ch === "]") {
      depth = Math.max(0, depth - 1);
      newline();
      out += ch;
    } else if (ch === ",") {
      out += ",";
      newline();
    } else if (ch === ":") out += ": ";
    else {
      // a number or literal: copy the whole run at once
      const start = i - 1;
      while (i < text.length && !STRUCTURAL.has(text[i] as string)) i += 1;
      out += text.slice(start, i);
    }
  }
  return out;
}
