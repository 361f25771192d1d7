// "Export all" for docs: one sample per (registry, event) seen, as a folder of files
// (<registry>/<event>.json plus README.md) downloaded as a zip and unpacked by the CLI.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import type { DeliveryDetail } from "../contract/index.ts";
import { markdownDocument } from "./markdown.ts";
import { type PreparedDelivery, prettyBody, safeSegment } from "./prepare.ts";
import { type ZipEntry, zip } from "./zip.ts";

export interface SampleFile {
  /** Relative, "/"-separated path inside the samples folder. */
  path: string;
  content: string;
  encoding: "utf8" | "base64";
}

/**
 * One delivery per (registry, event): the newest valid one, else the newest. Deliveries whose
 * registry or event is unknown are left out. Sorted by registry, then event.
 */
export function pickSamples(details: readonly DeliveryDetail[]): DeliveryDetail[] {
  const best = new Map<string, DeliveryDetail>();
  for (const d of details) {
    if (!d.registry || !d.event) continue;
    const key = `${d.registry}/${d.event}`;
    const current = best.get(key);
    const better =
      !current ||
      (d.validity === "valid" && current.validity !== "valid") ||
      ((d.validity === "valid") === (current.validity === "valid") && d.seq > current.seq);
    if (better) best.set(key, d);
  }
  return [...best.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
}

/** The folder's files: <registry>/<event>.json for each sample and README.md with all of them. */
export function buildSampleFiles(ps: readonly PreparedDelivery[]): SampleFile[] {
  const files: SampleFile[] = ps.map((p) => {
    const dir = `${safeSegment(p.source.registry ?? "unknown")}/${safeSegment(p.source.event ?? p.source.id)}`;
    const pretty = prettyBody(p);
    if (pretty === null)
      return { path: `${dir}.bin`, content: p.bytes.toString("base64"), encoding: "base64" };
    return { path: `${dir}.${p.isJson ? "json" : "txt"}`, content: pretty, encoding: "utf8" };
  });
  files.push({ path: "README.md", content: markdownDocument("Webhook samples", ps), encoding: "utf8" });
  return files;
}

/** The samples folder as one zip archive, one entry per file. */
export function zipSampleFiles(files: readonly SampleFile[]): Buffer {
  return zip(files.map((f) => ({ name: f.path, data: Buffer.from(f.content, f.encoding) })));
}

/**
 * Writes an archive's files under `dir` (created as needed) and returns the written paths.
 * Paths that would leave `dir` are refused: archives arrive over HTTP.
 */
export async function writeSampleFiles(dir: string, files: readonly ZipEntry[]): Promise<string[]> {
  const root = resolve(dir);
  const written: string[] = [];
  for (const file of files) {
    const target = resolve(root, file.name);
    const rel = relative(root, target);
    if (rel === "" || rel.startsWith("..") || isAbsolute(rel) || isAbsolute(file.name)) {
      throw new Error(`refusing to write outside ${dir}: ${file.name}`);
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.data);
    written.push(target);
  }
  return written;
}
