// Catalog samples on disk: fixtures/<registry>/<stem>[.<variant>].json (stem = eventFileStem(event)),
// bodies exactly as sent, with the headers of their `.headers` sidecar.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { eventFileStem } from "../core/catalog/events.ts";
import { projectPath } from "../paths.ts";
import { parseSidecar } from "./headers.ts";

export const FIXTURES_DIR = projectPath("fixtures");

/** Variant names available for an event ("" is the plain `<event>.json`). */
export async function sampleVariants(registry: string, eventId: string): Promise<string[]> {
  // ids such as rm:repository:component or "ECR Image Action" are stored under a safe stem
  const event = eventFileStem(eventId);
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
): Promise<{ name: string; body: Buffer; headers: [string, string][] }> {
  if (
    !/^[A-Za-z0-9_-]+$/.test(registry) ||
    !/^[A-Za-z0-9_.: -]+$/.test(event) ||
    (variant && !/^[A-Za-z0-9_.-]+$/.test(variant))
  ) {
    throw new Error(
      "registry, event and sample names use letters, digits, _ . - (event ids also : and space)",
    );
  }
  const variants = await sampleVariants(registry, event);
  const chosen = variant ?? (variants.includes("") ? "" : variants[0]);
  if (chosen === undefined || !variants.includes(chosen)) {
    const known = variants.map((v) => v || "(default)").join(", ");
    throw new Error(
      `no sample ${registry}/${event}${variant ? ` "${variant}"` : ""}${known ? `; known: ${known}` : ""}`,
    );
  }
  const stem = eventFileStem(event);
  const base = join(FIXTURES_DIR, registry, chosen ? `${stem}.${chosen}` : stem);
  // the sidecar holds the sample's headers (Nexus names its event only there); most have one
  const sidecar = await readFile(`${base}.headers`, "utf8").catch(() => "");
  return { name: chosen || "default", body: await readFile(`${base}.json`), headers: parseSidecar(sidecar) };
}
