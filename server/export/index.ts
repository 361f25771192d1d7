// Export and capture for docs (SPEC §9): one delivery or many, in every format, with one
// redactor/normaliser per export so placeholders agree across everything it contains.
import type { DeliveryDetail } from "../contract/index.ts";
import { curlExport } from "./curl.ts";
import { fixtureExport } from "./fixture.ts";
import { harExport } from "./har.ts";
import { jsonExport, rawExport } from "./json.ts";
import { markdownDocument, markdownSection } from "./markdown.ts";
import {
  createTransform,
  type ExportFile,
  type ExportOptions,
  prepareDelivery,
  safeSegment,
} from "./prepare.ts";
import { buildSampleFiles, pickSamples, zipSampleFiles } from "./samples.ts";

export type { BodyChange, DeliveryDiff, HeaderChange } from "./diff.ts";
export { diffDeliveries } from "./diff.ts";
export type { ExportFile, ExportOptions } from "./prepare.ts";
export type { SampleFile } from "./samples.ts";
export { pickSamples, writeSampleFiles } from "./samples.ts";

export const SINGLE_FORMATS = ["json", "raw", "md", "curl", "fixture", "har"] as const;
export const MANY_FORMATS = ["har", "md", "samples"] as const;
export type SingleFormat = (typeof SINGLE_FORMATS)[number];
export type ManyFormat = (typeof MANY_FORMATS)[number];

export function isSingleFormat(f: string): f is SingleFormat {
  return (SINGLE_FORMATS as readonly string[]).includes(f);
}
export function isManyFormat(f: string): f is ManyFormat {
  return (MANY_FORMATS as readonly string[]).includes(f);
}

/**
 * Exports one delivery.
 * @example exportDelivery(d, "curl", { redact: false, baseUrl: "https://localhost:8443" }).body
 */
export function exportDelivery(d: DeliveryDetail, format: SingleFormat, opts: ExportOptions): ExportFile {
  const p = prepareDelivery(d, createTransform(opts), opts);
  const name = `delivery-${safeSegment(d.id)}`;
  switch (format) {
    case "json":
      return jsonExport(p);
    case "raw":
      return rawExport(p);
    case "md":
      return {
        contentType: "text/markdown; charset=utf-8",
        filename: `${name}.md`,
        body: markdownSection(p),
      };
    case "curl":
      return curlExport(p);
    case "fixture":
      return fixtureExport(p);
    case "har":
      return harExport([p], `${name}.har`);
  }
}

/**
 * Exports many deliveries: one HAR log, one Markdown document, or the samples (one per registry
 * and event, see pickSamples) as a zip of `<registry>/<event>.json` files and README.md.
 */
export function exportMany(
  ds: readonly DeliveryDetail[],
  format: ManyFormat,
  opts: ExportOptions,
): ExportFile {
  // Samples are published: loopback hosts of the capture machine are masked like any other.
  const transform = createTransform(format === "samples" ? { ...opts, maskLoopback: true } : opts);
  const chosen = format === "samples" ? pickSamples(ds) : [...ds].sort((a, b) => a.seq - b.seq);
  const ps = chosen.map((d) => prepareDelivery(d, transform, opts));
  switch (format) {
    case "har":
      return harExport(ps, "quayside.har");
    case "md":
      return {
        contentType: "text/markdown; charset=utf-8",
        filename: "quayside-deliveries.md",
        body: markdownDocument("Webhook deliveries", ps),
      };
    case "samples":
      return {
        contentType: "application/zip",
        filename: "quayside-samples.zip",
        body: zipSampleFiles(buildSampleFiles(ps)),
      };
  }
}
