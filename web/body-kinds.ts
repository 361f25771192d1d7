// How a body that is not JSON is shown: its kind from the content type and the bytes, a hex dump
// for binary, an indented copy of XML. Everything here returns plain strings for text nodes:
// nothing from a body is ever parsed as HTML.

export type BodyKind = "empty" | "json" | "form" | "xml" | "text" | "binary";

/** Bytes shown in a hex dump: enough to recognise a format, bounded for the DOM. */
export const HEX_BYTES = 512;
/** XML longer than this is shown as it came (indenting is for reading, not for megabytes). */
export const XML_PRETTY_MAX = 256 * 1024;

/**
 * @example bodyKind("application/x-www-form-urlencoded", "a=1") // "form"
 */
export function bodyKind(contentType: string, text: string | null, parsesAsJson: boolean): BodyKind {
  if (text === null) return "binary";
  if (text.length === 0) return "empty";
  if (parsesAsJson) return "json";
  const type = contentType.toLowerCase();
  if (type.includes("x-www-form-urlencoded")) return "form";
  if (type.includes("xml") || /^\s*<(\?xml|[A-Za-z])/.test(text)) return "xml";
  return "text";
}

/** Decoded fields of a form-encoded body, in order, duplicates kept. */
export function formFields(text: string): [string, string][] {
  return [...new URLSearchParams(text)];
}

/**
 * A classic hex dump (offset, 16 bytes, printable ASCII) of the first `HEX_BYTES` bytes.
 * @example hexDump(new Uint8Array([0x41, 0x00])) // "00000000  41 00  A."
 */
export function hexDump(bytes: Uint8Array, limit = HEX_BYTES): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, limit);
  for (let at = 0; at < end; at += 16) {
    const chunk = [...bytes.subarray(at, Math.min(at + 16, end))];
    const hex = chunk.map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = chunk.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${at.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join("\n");
}

export function base64Bytes(base64: string): Uint8Array {
  try {
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  } catch {
    return new Uint8Array();
  }
}

/**
 * XML re-indented two spaces per level, as text. A tokenizer, not a parser: malformed XML is
 * indented as well as it goes and never rejected.
 * @example prettyXml("<a><b>x</b></a>") // "<a>\n  <b>x</b>\n</a>"
 */
export function prettyXml(xml: string): string {
  if (xml.length > XML_PRETTY_MAX) return xml;
  const tokens = xml.match(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[^>]*>|[^<]+/g) ?? [];
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = (tokens[i] as string).trim();
    if (!t) continue;
    const pad = "  ".repeat(Math.max(0, depth));
    const isOpen = /^<[A-Za-z_]/.test(t) && !t.endsWith("/>");
    const next = tokens[i + 1] ?? "";
    const after = tokens[i + 2] ?? "";
    // <b>text</b> stays on one line
    if (isOpen && !next.startsWith("<") && after.startsWith("</")) {
      out.push(`${pad}${t}${next.trim()}${after.trim()}`);
      i += 2;
    } else if (t.startsWith("</")) {
      depth--;
      out.push(`${"  ".repeat(Math.max(0, depth))}${t}`);
    } else {
      out.push(`${pad}${t}`);
      if (isOpen) depth++;
    }
  }
  return out.join("\n");
}
