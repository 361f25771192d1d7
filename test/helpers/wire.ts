// Fixtures as they travel: the body file, the headers its `.headers` sidecar lists (the wire facts
// of the sample's NOTE), and the catalog event its file name stands for.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RegistryId } from "../../server/contract/index.ts";
import { CATALOG_EVENTS, eventFileStem } from "../../server/core/catalog/events.ts";

export const FIXTURES = fileURLToPath(new URL("../../fixtures", import.meta.url));

/** The headers of fixtures/<dir>/<file>'s sidecar (`Name: value` lines), [] when it has none. */
export function wireHeaders(dir: string, file: string): [string, string][] {
  const path = join(FIXTURES, dir, `${file.slice(0, -".json".length)}.headers`);
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.includes(":"))
    .map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    });
}

/** The catalog event a fixture file name stands for: its stem before the first dot, mapped back. */
export function eventOfFile(registry: RegistryId, file: string): string {
  const stem = file.split(".")[0] as string;
  return CATALOG_EVENTS[registry].find((e) => eventFileStem(e) === stem) ?? stem;
}

/** The Content-Type header among `headers`, if any. */
export const contentTypeOf = (headers: [string, string][]) =>
  headers.find(([name]) => name.toLowerCase() === "content-type")?.[1] ?? null;
