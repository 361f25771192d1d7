// Reads the JSON Schemas under schemas/ once per process: the shared definition files
// (common.json, <registry>/_defs.json) and one schema per catalog event.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REGISTRY_IDS, type RegistryId } from "../../contract/index.ts";
import { projectPath } from "../../paths.ts";
import { CATALOG_EVENTS, eventFileStem } from "./events.ts";

export const SCHEMA_DIR = projectPath("server", "core", "catalog", "schemas");

export type JsonSchema = Record<string, unknown> & { $id: string; title?: string; description?: string };

export interface EventSchema {
  registry: RegistryId;
  event: string;
  schema: JsonSchema;
}

export interface SchemaSet {
  /** Files other schemas reference by $ref. */
  shared: JsonSchema[];
  events: EventSchema[];
}

let cached: SchemaSet | null = null;

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as JsonSchema;

/** Loads every schema file; a missing event schema is a packaging fault and throws at start-up. */
export function loadSchemas(): SchemaSet {
  if (cached) return cached;
  const shared = [readJson(join(SCHEMA_DIR, "common.json"))];
  const events: EventSchema[] = [];
  for (const registry of REGISTRY_IDS) {
    const dir = join(SCHEMA_DIR, registry);
    if (readdirSync(dir).includes("_defs.json")) shared.push(readJson(join(dir, "_defs.json")));
    const stems = new Set<string>();
    for (const event of CATALOG_EVENTS[registry]) {
      const stem = eventFileStem(event);
      if (stems.has(stem)) throw new Error(`two ${registry} events are stored as ${stem}.json`);
      stems.add(stem);
      events.push({ registry, event, schema: readJson(join(dir, `${stem}.json`)) });
    }
  }
  cached = { shared, events };
  return cached;
}
