// The deliveries service: the one writer of a change to a delivery or an endpoint. Each change
// goes to the store, the chain tracker and the live hub together, so no door can change one and
// forget another (a delete or an eviction that left its attempt in /api/chains, say). It is the
// only code that publishes live messages; doors (receiver, console API, CLI) call it.

import type { Config } from "../config.ts";
import type {
  DeliveryDetail,
  EndpointSettings,
  EndpointView,
  ReplayResult,
  TlsErrorEvent,
} from "../contract/index.ts";
import { toSummary } from "../store/summary.ts";
import type { NewDelivery, Store } from "../store/types.ts";
import type { ChainTracker, RecordInput } from "./chains/index.ts";
import { defaultEndpoint, endpointView } from "./endpoints.ts";
import type { Hub } from "./hub.ts";
import type { ListenUrls } from "./index.ts";
import type { RuleEngine } from "./rules/index.ts";

export interface DeliveriesDeps {
  store: Store;
  chains: ChainTracker;
  hub: Hub;
  rules: RuleEngine;
  /** Where the receiver listens, for the URLs in an endpoint's view. */
  urls: () => ListenUrls;
  config: Pick<Readonly<Config>, "clientCert">;
}

export interface RecordOptions {
  /** The attempt as the chain tracker should remember it (its delivery id is the stored one); null for none. */
  attempt: Omit<RecordInput, "deliveryId"> | null;
  /** The endpoint's settings when this is the first time its name is seen: the console is told. */
  announce?: EndpointSettings | null;
}

export interface Deliveries {
  /**
   * Stores a received delivery (resolving once it is durable, rejecting when the write
   * failed), then publishes it and records its attempt in its chain.
   */
  record(options: RecordOptions, delivery: NewDelivery): Promise<DeliveryDetail>;
  /** Stores a replay's (or mirror's) result on the delivery it sent again. */
  addReplay(id: string, result: ReplayResult): Promise<void>;
  /** Removes deliveries by id; resolves with those that existed. */
  remove(ids: string[]): Promise<string[]>;
  /** Removes every delivery (of one endpoint, or all); resolves with their ids. */
  clear(endpoint: string | null): Promise<string[]>;
  /** Deliveries retention dropped: their attempts leave the chains as a delete's do. */
  evict(ids: string[]): void;
  /** Saves an endpoint's settings; its rule counters start again. */
  saveEndpoint(settings: EndpointSettings): Promise<EndpointView>;
  /** An endpoint as people see it (settings, count, URLs); defaults when none are saved. */
  endpoint(name: string): EndpointView;
  /** Start-up problems of the store, told to the console. */
  storeWarnings(warnings: string[]): void;
  /** A failed TLS handshake, told to the console (and kept for its connections list). */
  noteTlsError(event: TlsErrorEvent): void;
}

/**
 * @example
 * const deliveries = createDeliveries({ store, chains, hub, rules, urls, config });
 * await deliveries.remove(["d1"]); // gone from the store and its chain; consoles told
 */
export function createDeliveries(deps: DeliveriesDeps): Deliveries {
  const { store, chains, hub, rules } = deps;
  const view = (settings: EndpointSettings) => endpointView(deps, settings);
  const forget = (ids: string[]) => {
    if (ids.length === 0) return;
    chains.forget(ids);
    hub.publish({ type: "deleted", ids });
  };

  return {
    async record({ attempt, announce }, delivery) {
      const stored = await store.add(delivery);
      if (announce) hub.publish({ type: "endpoint", endpoint: view(announce) });
      hub.publish({ type: "delivery", delivery: store.summary(stored.id) ?? toSummary(stored) });
      // the answer is ready now: the sender's next wait starts here, not when its request came
      if (attempt) chains.record({ ...attempt, deliveryId: stored.id, readyAt: Date.now() });
      return stored;
    },
    async addReplay(id, result) {
      await store.addReplay(id, result);
      const summary = store.summary(id);
      if (summary) hub.publish({ type: "delivery-updated", delivery: summary });
    },
    async remove(ids) {
      const removed = await store.remove(ids);
      forget(removed);
      return removed;
    },
    async clear(endpoint) {
      const removed = await store.clear(endpoint);
      chains.forget(removed);
      hub.publish({ type: "cleared", endpoint });
      return removed;
    },
    evict: forget,
    async saveEndpoint(settings) {
      const saved = await store.endpoints.put(settings);
      rules.reset(saved.name);
      const result = view(saved);
      hub.publish({ type: "endpoint", endpoint: result });
      return result;
    },
    endpoint: (name) => view(store.endpoints.get(name) ?? defaultEndpoint(name, deps.config.clientCert)),
    storeWarnings: (warnings) => hub.publish({ type: "store-warnings", warnings }),
    noteTlsError: (event) => hub.publish({ type: "tls-error", ...event }),
  };
}
