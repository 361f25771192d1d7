// createMemoryStore: the Store contract held in memory only, for unit tests of code that needs a
// store but not its files. It behaves as the durable store does (ordering, paging, filters and
// search, retention and its callback, remove/clear, counts, endpoints, replay results): the
// shared conformance suite (test/helpers/store-conformance.ts) runs against both.
import { Low, Memory } from "lowdb";
import type { DeliveryDetail, EndpointSettings, ReplayResult } from "../contract/index.ts";
import { endpointSettings } from "./endpoints.ts";
import { indexed, indexItem, pageOf } from "./filter.ts";
import { createSearcher } from "./search.ts";
import { searchPage } from "./search-page.ts";
import { createTracked } from "./tracked.ts";
import type { NewDelivery, Store } from "./types.ts";

export interface MemoryStoreOptions {
  retention: number;
  /** Told about deliveries dropped by retention. */
  onEvicted?: (ids: string[]) => void;
}

/** Every record lives in one pseudo-segment. */
const SEGMENT = 1;

/** One write at a time, as the durable store's write queue runs them. */
function serialQueue() {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };
}

/** The records and their index, with retention applied as each one is kept. */
function createMemoryRecords(options: MemoryStoreOptions) {
  const tracked = createTracked();
  const { index, track, untrack } = tracked;
  const records = new Map<string, DeliveryDetail>();

  function drop(ids: Set<string>): string[] {
    const removed = [...ids].filter((id) => records.has(id));
    for (const id of removed) {
      records.delete(id);
      untrack(id);
    }
    const kept = index.filter((i) => records.has(i.summary.id));
    index.length = 0;
    index.push(...kept);
    return removed;
  }

  function keep(record: DeliveryDetail): void {
    records.set(record.id, record);
    track(indexed(indexItem(record), SEGMENT));
    if (index.length <= options.retention) return;
    const dropped = index.slice(0, index.length - options.retention).map((i) => i.summary.id);
    drop(new Set(dropped));
    options.onEvicted?.(dropped);
  }

  return { ...tracked, records, drop, keep };
}

/**
 * @example
 * const store = createMemoryStore({ retention: 100 });
 * await store.add(delivery);
 */
export function createMemoryStore(options: MemoryStoreOptions): Store {
  const { index, byId, perEndpoint, records, drop, keep } = createMemoryRecords(options);
  const exclusive = serialQueue();
  const searcher = createSearcher();
  const searchSource = { searcher, inMemory: () => [...records.values()], file: () => "" };
  let seq = 0;

  return {
    add(delivery: NewDelivery) {
      // numbered at once, as the durable store numbers a delivery when it is handed over
      const record = delivery as DeliveryDetail;
      seq += 1;
      record.seq = seq;
      return exclusive(async () => {
        keep(record);
        return record;
      });
    },
    get: async (id) => records.get(id),
    summary: (id) => byId.get(id)?.summary,
    list: async (filter, limit, cursor, signal) =>
      filter.q
        ? searchPage(index, filter, limit, cursor, searchSource, signal)
        : pageOf(index, filter, limit, cursor),
    all: () => index.map((i) => i.summary),
    addReplay: (id, result: ReplayResult) =>
      exclusive(async () => {
        const record = records.get(id);
        if (record) record.replays = [...(record.replays ?? []), result];
      }),
    remove: (ids) => exclusive(async () => drop(new Set(ids))),
    clear: (endpoint) =>
      exclusive(async () => {
        const ids = index
          .filter((i) => !endpoint || i.summary.endpoint === endpoint)
          .map((i) => i.summary.id);
        return drop(new Set(ids));
      }),
    count: () => index.length,
    countsByEndpoint: () => perEndpoint,
    lastSeq: () => seq,
    endpoints: endpointSettings(new Low(new Memory(), { endpoints: [] as EndpointSettings[] }), exclusive),
    warnings: () => [],
    async close() {
      await exclusive(async () => {});
      await searcher.close();
    },
  };
}
