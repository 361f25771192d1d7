// The catalog's sample bodies are the fixtures: fixtures/<registry>/<stem>[.<variant>].json with
// stem = eventFileStem(event), bytes exactly as the registry sends them. Variant "default" is the
// file without a variant.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectPath } from "../../paths.ts";
import { eventFileStem } from "./events.ts";

const FIXTURES = projectPath("fixtures");

let index: Map<string, string[]> | null = null;

/** File names per "registry/event", read once per process. */
function fixtureIndex(): Map<string, string[]> {
  if (index) return index;
  index = new Map();
  let dirs: string[] = [];
  try {
    dirs = readdirSync(FIXTURES).filter((d) => d !== "invalid");
  } catch {
    return index; // an installation without fixtures still classifies; it just has no samples
  }
  for (const registry of dirs) {
    let files: string[] = [];
    try {
      files = readdirSync(join(FIXTURES, registry)).filter((f) => f.endsWith(".json"));
    } catch {
      continue;
    }
    for (const file of files.sort()) {
      const key = `${registry}/${file.split(".")[0]}`;
      index.set(key, [...(index.get(key) ?? []), file]);
    }
  }
  return index;
}

const variantOf = (stem: string, file: string) => file.slice(stem.length + 1, -".json".length) || "default";
const filesOf = (registry: string, event: string) =>
  fixtureIndex().get(`${registry}/${eventFileStem(event)}`) ?? [];

/** Variant names of the samples of registry/event ("default", "test-notification", ...). */
export function sampleNames(registry: string, event: string): string[] {
  return filesOf(registry, event).map((f) => variantOf(eventFileStem(event), f));
}

/** Parsed sample bodies by variant name; a sample that does not parse is left out. */
export function readSampleBodies(registry: string, event: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const file of filesOf(registry, event)) {
    try {
      out[variantOf(eventFileStem(event), file)] = JSON.parse(
        readFileSync(join(FIXTURES, registry, file), "utf8"),
      );
    } catch {
      // the fixture table test reports a broken sample; the console shows the others
    }
  }
  return out;
}
