// Catalog samples on disk: fixtures/<registry>/<event>[.<variant>].json, bodies exactly as sent.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { projectPath } from "../paths.ts";

export const FIXTURES_DIR = projectPath("fixtures");

/** Variant names available for an event ("" is the plain `<event>.json`). */
export async function sampleVariants(registry: string, event: string): Promise<string[]> {
  const files = await readdir(join(FIXTURES_DIR, registry)).catch(() => [] as string[]);
  return files
    .filter((f) => f === `${event}.json` || (f.startsWith(`${event}.`) && f.endsWith(".json")))
    .map((f) => f.slice(event.length, -5).replace(/^\./, ""))
    .sort();
}

/** The sample's exact bytes; the plain sample, else the first variant. */
export async function readSample(
  registry: string,
  event: string,
  variant?: string,
): Promise<{ name: string; body: Buffer }> {
  if (
    !/^[A-Za-z0-9_-]+$/.test(registry) ||
    !/^[A-Za-z0-9_.-]+$/.test(event) ||
    (variant && !/^[A-Za-z0-9_.-]+$/.test(variant))
  ) {
    throw new Error("registry, event and sample names use letters, digits, _ . -");
  }
  const variants = await sampleVariants(registry, event);
  const chosen = variant ?? (variants.includes("") ? "" : variants[0]);
  if (chosen === undefined || !variants.includes(chosen)) {
    const known = variants.map((v) => v || "(default)").join(", ");
    throw new Error(
      `no sample ${registry}/${event}${variant ? ` "${variant}"` : ""}${known ? `; known: ${known}` : ""}`,
    );
  }
  const file = join(FIXTURES_DIR, registry, chosen ? `${event}.${chosen}.json` : `${event}.json`);
  return { name: chosen || "default", body: await readFile(file) };
}
