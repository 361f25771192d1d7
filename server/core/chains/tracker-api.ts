// What the chain tracker offers (tracker.ts builds it): chain ids and attempt numbers before the
// answer, attempts recorded after it, and views of the chains.
import type { ChainView, DeliverySummary, RegistryId, SenderProfile } from "../../contract/types.ts";

export interface RecordInput {
  chainId: string;
  deliveryId: string;
  at: number;
  /** What we answered; 0 = reset or hang (a failure for every sender). */
  status: number;
  registry: string | null;
  event: string | null;
  endpoint: string;
  /** Delay applied before answering, so interval comparisons can allow for it. */
  delayMs?: number;
  /** True when we hung up on purpose: the sender waited its whole timeout. */
  hung?: boolean;
  /** The attempt number assign() returned; defaults to the next one. */
  attempt?: number;
  /** When our answer was ready (before any forced delay); `at` when not given. */
  readyAt?: number;
}

export interface ChainTracker {
  /** Before the answer: chain id + attempt number. `key` from chainKey(). */
  assign(input: { endpoint: string; key: string; registry: string | null; at: number }): {
    chainId: string;
    attempt: number;
  };
  /** After the answer: adds the attempt; a status the sender counts as success closes the chain. */
  record(input: RecordInput): void;
  /** Rebuild from stored summaries (oldest first), using chain, status and receivedAt. */
  restore(summaries: readonly DeliverySummary[]): void;
  /** Newest chain first. */
  list(filter?: { endpoint?: string; limit?: number }): ChainView[];
  get(chainId: string): ChainView | undefined;
  /** Deliveries were deleted: drop their attempts, and chains left empty. */
  forget(deliveryIds: readonly string[]): void;
}

export interface ChainTrackerOptions {
  maxChains?: number;
  /** Attempts per chain (tests); MAX_CHAIN_ATTEMPTS by default. */
  maxAttempts?: number;
  /** Sender profiles to judge against (tests); the catalog's by default. */
  profiles?: Partial<Record<RegistryId, SenderProfile>>;
}
