// The core both doors share: store, hub, catalog, rules, chains, the deliveries service (every
// change goes through it), and the facts the receiver needs about itself (where it listens, which CAs it trusts).

import type { Config } from "../config.ts";
import type { Replayer } from "../replay/index.ts";
import type { Store } from "../store/types.ts";
import type { Catalog } from "./catalog/index.ts";
import type { ChainTracker } from "./chains/index.ts";
import type { Deliveries } from "./deliveries.ts";
import type { Hub } from "./hub.ts";
import type { RuleEngine } from "./rules/index.ts";

export interface ListenUrls {
  https: string | null;
  http: string | null;
  console: string;
  /** Receiver base URLs to paste into a registry, per scheme (LAN names first). */
  receiverHttps: string[];
  receiverHttp: string[];
}

export interface Core {
  config: Readonly<Config>;
  store: Store;
  hub: Hub;
  catalog: Catalog;
  rules: RuleEngine;
  chains: ChainTracker;
  /** The one writer of a change to a delivery or an endpoint, and the only publisher of live messages. */
  deliveries: Deliveries;
  /** Sends deliveries elsewhere: replays and per-endpoint forwarding. */
  replayer: Replayer;
  /** PEMs of the CAs whose client certificates are trusted (Quayside's CA + certs/trusted). */
  trustedCas: string[];
  urls: () => ListenUrls;
  version: string;
}
