// The Markdown export: a snippet per delivery for docs (event heading, request line, headers
// table, fenced body), and whole documents made of those snippets.
import { REGISTRY_LABELS, type RegistryId } from "../contract/index.ts";
import { type PreparedDelivery, prettyBody } from "./prepare.ts";

/** "## Quay repo_push", "## Harbor: unknown event" or "## Unknown event". */
export function markdownHeading(registry: RegistryId | null, event: string | null): string {
  if (!registry) return "## Unknown event";
  const label = REGISTRY_LABELS[registry] ?? registry;
  return event ? `## ${label} ${event}` : `## ${label}: unknown event`;
}

/** A code span that survives backticks and table pipes inside the value. */
function codeSpan(value: string): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  const padded = longest > 0 || value.startsWith("`") ? ` ${value} ` : value;
  return `${ticks}${padded.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ")}${ticks}`;
}

/** A fence longer than any backtick run in the content, so the body cannot close it early. */
function fenced(content: string, lang: string): string {
  const longest = Math.max(0, ...(content.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
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
    for (const [name, value] of p.headers) parts.push(`| ${codeSpan(name)} | ${codeSpan(value)} |`);
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
