// The Markdown export: a snippet per delivery for docs (event heading, request line, headers
// table, fenced body), and whole documents made of those snippets.
import { REGISTRY_LABELS, type RegistryId } from "../contract/index.ts";
import { type PreparedDelivery, prettyBody } from "./prepare.ts";

/**
 * Text a sender chose (event names, header values …) as inert Markdown on one line: no line
 * breaks to start a new block, no HTML (`<`, `>`, `&` become entities), no links, images or
 * code spans (`[`, `]`, backticks, `*`, `#`, `|` and `\\` backslash-escaped).
 * @example escapeMarkdown("TAG_PUSH\n<img src=x>") // "TAG_PUSH &lt;img src=x&gt;"
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")
    .replace(/[\\`*[\]#|]/g, "\\$&")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** "## Quay repo_push", "## Harbor: unknown event" or "## Unknown event". */
export function markdownHeading(registry: RegistryId | null, event: string | null): string {
  if (!registry) return "## Unknown event";
  const label = escapeMarkdown(
    Object.hasOwn(REGISTRY_LABELS, registry) ? REGISTRY_LABELS[registry] : String(registry),
  );
  return event ? `## ${label} ${escapeMarkdown(event)}` : `## ${label}: unknown event`;
}

/** Length of the longest backtick run (a reduce: a spread of every run overflows on big bodies). */
function longestTickRun(text: string): number {
  return (text.match(/`+/g) ?? []).reduce((most, run) => Math.max(most, run.length), 0);
}

/** A one-line code span whose delimiter is longer than any backtick run inside the value. */
function codeSpan(value: string): string {
  const longest = longestTickRun(value);
  const ticks = "`".repeat(longest + 1);
  const padded = longest > 0 || value.startsWith("`") ? ` ${value} ` : value;
  return `${ticks}${padded.replace(/[\r\n]+/g, " ")}${ticks}`;
}

/**
 * A table cell. GFM splits a row at every pipe not escaped by a backslash before it parses
 * code spans, and a backslash in the value can swallow that escape, splitting the cell and
 * leaving the rest as live Markdown/HTML. So a value with a pipe or a backslash is escaped text.
 */
function tableCell(value: string): string {
  return /[|\\]/.test(value) ? escapeMarkdown(value) : codeSpan(value);
}

/** A fence longer than any backtick run in the content, so the body cannot close it early. */
function fenced(content: string, lang: string): string {
  const fence = "`".repeat(Math.max(3, longestTickRun(content) + 1));
  return `${fence}${lang}\n${content.endsWith("\n") ? content : `${content}\n`}${fence}`;
}

/** One delivery as a Markdown section. */
export function markdownSection(p: PreparedDelivery): string {
  const parts = [
    markdownHeading(p.source.registry, p.source.event),
    "",
    codeSpan(`${p.method} ${p.target}`),
    "",
  ];
  if (p.headers.length > 0) {
    parts.push("| Header | Value |", "| --- | --- |");
    for (const [name, value] of p.headers) parts.push(`| ${tableCell(name)} | ${tableCell(value)} |`);
    parts.push("");
  }
  const body = prettyBody(p);
  if (p.bytes.length === 0) parts.push("_No body._");
  else if (body === null) {
    parts.push(
      `Body (${p.bytes.length} bytes, not UTF-8; base64):`,
      "",
      fenced(p.bytes.toString("base64"), "text"),
    );
  } else parts.push(fenced(body, p.isJson ? "json" : "text"));
  if (p.truncated) parts.push("", "> The body was cut at the capture limit; this is only its beginning.");
  return `${parts.join("\n")}\n`;
}

/** Several deliveries as one document under a title. */
export function markdownDocument(title: string, ps: readonly PreparedDelivery[]): string {
  const intro = ps.length === 0 ? "_No deliveries matched._\n" : "";
  return [`# ${title}\n`, intro, ...ps.map(markdownSection)].filter((s) => s !== "").join("\n");
}
