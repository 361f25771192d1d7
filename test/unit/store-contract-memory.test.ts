// The shared Store suite against the memory store.
import { createMemoryStore } from "../../server/store/memory.ts";
import { defineStoreConformance } from "../helpers/store-conformance.ts";

defineStoreConformance("memory", async (options) => createMemoryStore(options));
