// The shared Store suite against the durable store, each store in a temp dir of its own.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { createStore } from "../../server/store/index.ts";
import { defineStoreConformance } from "../helpers/store-conformance.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

defineStoreConformance("durable", async (options) => {
  const dir = await mkdtemp(join(tmpdir(), "quayside-contract-"));
  dirs.push(dir);
  return createStore({ dir, ...options });
});
