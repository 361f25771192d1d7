import { describe, expect, it } from "vitest";
import { exportDelivery, exportMany } from "../../server/export/index.ts";
import { escapeMarkdown } from "../../server/export/markdown.ts";
import { unzip } from "../../server/export/zip.ts";
import { makeDelivery } from "../helpers/delivery.ts";

/** A DTR `type` a hostile sender chose: a new block, then HTML that runs script where rendered. */
const HOSTILE_EVENT = "TAG_PUSH\n\n<img src=x onerror=alert(document.domain)>";

const hostile = () =>
  makeDelivery({
    registry: "dtr",
    event: HOSTILE_EVENT,
    text: '{"type":"TAG_PUSH"}',
    headers: [
      ["Content-Type", "application/json"],
      ["X-Evil", "a\\|<script>alert(1)</script>"],
      ["X-Link", "[docs](javascript:alert(1)) & `code`"],
    ],
  });

/** Raw HTML tags anywhere in a Markdown text (entities like &lt;img are fine). */
const RAW_HTML = /<(?:img|script)\b/i;

describe("Markdown export escapes what senders chose", () => {
  it("keeps a hostile event name on its heading line, with its HTML inert", () => {
    const md = exportDelivery(hostile(), "md", { redact: false }).body as string;
    const heading = md.split("\n")[0];
    expect(heading).toBe("## MSR / DTR TAG_PUSH &lt;img src=x onerror=alert(document.domain)&gt;");
    expect(md).not.toMatch(RAW_HTML);
  });

  it("keeps header values that could split a table cell or make a link as escaped text", () => {
    const md = exportDelivery(hostile(), "md", { redact: false }).body as string;
    expect(md).toContain("| `X-Evil` | a\\\\\\|&lt;script&gt;alert(1)&lt;/script&gt; |");
    expect(md).toContain("| `X-Link` | `` [docs](javascript:alert(1)) & `code` `` |");
    expect(md).not.toMatch(RAW_HTML);
  });

  it("escapes the event name in the samples README as well", () => {
    const files = unzip(exportMany([hostile()], "samples", { redact: false }).body as Buffer);
    const readme = files.find((f) => f.name === "README.md")?.data.toString("utf8") ?? "";
    expect(readme).toContain("## MSR / DTR TAG_PUSH &lt;img");
    expect(readme).not.toMatch(RAW_HTML);
    for (const f of files) expect(f.name).not.toMatch(/[<>\n]/);
  });

  it("fences a body with a fence longer than any backtick run in it", () => {
    const text = "```\n<script>alert(1)</script>\n``````\nstill body";
    const md = exportDelivery(makeDelivery({ text }), "md", { redact: false }).body as string;
    expect(md).toContain(`\`\`\`\`\`\`\`text\n${text}\n\`\`\`\`\`\`\``);
  });

  it("exports a body with hundreds of thousands of backtick runs", () => {
    const text = "```a".repeat(300_000);
    const md = exportDelivery(makeDelivery({ text }), "md", { redact: false }).body as string;
    expect(md.includes("````text\n```a```a")).toBe(true);
  });

  it("turns line breaks, HTML, links and code spans into inert one-line text", () => {
    expect(escapeMarkdown("a\r\nb\u2028c")).toBe("a b c");
    expect(escapeMarkdown("<b>&amp;</b>")).toBe("&lt;b&gt;&amp;amp;&lt;/b&gt;");
    expect(escapeMarkdown("![x](y) `z` *w* #h a|b \\")).toBe("!\\[x\\](y) \\`z\\` \\*w\\* \\#h a\\|b \\\\");
  });
});
