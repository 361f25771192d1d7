// Endpoint settings in their own small lowdb file, so a settings change never touches deliveries.
// Only configured endpoints (a PUT from the console) are written there. An endpoint a sender
// merely named exists implicitly with default settings: it is listed through its deliveries,
// and remembered here in a bounded table only so that its first sight is announced once.
import { join } from "node:path";
import { Low } from "lowdb";
import type { EndpointSettings } from "../contract/index.ts";
import { DurableJsonFile, removeStaleTemps } from "./durable-file.ts";
import type { Store } from "./types.ts";

/**
 * Unconfigured endpoint names remembered as seen; past this the least recently seen is
 * forgotten (its deliveries stay stored, and it is announced again if it comes back). Every
 * new name in /hooks/<name> used to be written, sorted and fsynced into endpoints.json.
 */
export const MAX_SEEN_ENDPOINTS = 1_000;

/** Opens `endpoints.json`; writes go through `exclusive` with every other store write. */
export async function openEndpointSettings(
  dir: string,
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<{ endpoints: Store["endpoints"]; problem: string | null }> {
  await removeStaleTemps(dir);
  const adapter = new DurableJsonFile<EndpointsData>(join(dir, "endpoints.json"));
  const db = new Low(adapter, { endpoints: [] as EndpointSettings[] });
  await db.read();
  return { endpoints: endpointSettings(db, exclusive), problem: adapter.corrupt?.message ?? null };
}

interface EndpointsData {
  endpoints: EndpointSettings[];
}

/** The endpoint settings kept in `db` (a file in the app, memory in the memory store). */
export function endpointSettings(
  db: Low<EndpointsData>,
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>,
): Store["endpoints"] {
  const byName = () => new Map(db.data.endpoints.map((e) => [e.name, e]));
  let configured = byName();
  // insertion order is recency: a name seen again moves to the end
  const seen = new Map<string, true>();
  const endpoints: Store["endpoints"] = {
    list: () => db.data.endpoints,
    get: (name) => configured.get(name),
    put: (settings) =>
      exclusive(async () => {
        const others = db.data.endpoints.filter((e) => e.name !== settings.name);
        db.data.endpoints = [...others, settings].sort((a, b) => a.name.localeCompare(b.name));
        await db.write();
        configured = byName();
        seen.delete(settings.name);
        return settings;
      }),
    see(name) {
      if (configured.has(name)) return false;
      const known = seen.delete(name);
      seen.set(name, true);
      if (seen.size > MAX_SEEN_ENDPOINTS) {
        const oldest = seen.keys().next().value;
        if (oldest !== undefined) seen.delete(oldest);
      }
      return !known;
    },
    seenCount: () => seen.size,
    remove: (name) =>
      exclusive(async () => {
        const before = db.data.endpoints.length;
        db.data.endpoints = db.data.endpoints.filter((e) => e.name !== name);
        await db.write();
        configured = byName();
        return db.data.endpoints.length < before;
      }),
  };
  return endpoints;
}
