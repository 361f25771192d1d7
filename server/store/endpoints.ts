// Endpoint settings in their own small lowdb file, so a settings change never touches deliveries.
import { join } from "node:path";
import { Low } from "lowdb";
import type { EndpointSettings } from "../contract/index.ts";
import { DurableJsonFile, removeStaleTemps } from "./durable-file.ts";
import type { Store } from "./types.ts";

/** Opens `endpoints.json`; writes go through `exclusive` with every other store write. */
export async function openEndpointSettings(
  dir: string,
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<{ endpoints: Store["endpoints"]; problem: string | null }> {
  await removeStaleTemps(dir);
  const adapter = new DurableJsonFile<{ endpoints: EndpointSettings[] }>(join(dir, "endpoints.json"));
  const db = new Low(adapter, { endpoints: [] as EndpointSettings[] });
  await db.read();
  const endpoints: Store["endpoints"] = {
    list: () => db.data.endpoints,
    get: (name) => db.data.endpoints.find((e) => e.name === name),
    put: (settings) =>
      exclusive(async () => {
        const others = db.data.endpoints.filter((e) => e.name !== settings.name);
        db.data.endpoints = [...others, settings].sort((a, b) => a.name.localeCompare(b.name));
        await db.write();
        return settings;
      }),
    remove: (name) =>
      exclusive(async () => {
        const before = db.data.endpoints.length;
        db.data.endpoints = db.data.endpoints.filter((e) => e.name !== name);
        await db.write();
        return db.data.endpoints.length < before;
      }),
  };
  return { endpoints, problem: adapter.corrupt?.message ?? null };
}
