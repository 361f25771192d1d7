// The JSON shapes of the event catalog, senders' delivery profiles and attempt chains. Imports
// only the contract's own types.
import type { RegistryId } from "./registries.ts";

/** How a registry delivers: what Quayside's chains, warnings and `send` rely on. */
export interface SenderProfile {
  registry: RegistryId;
  /** Request timeout the sender applies, in ms. */
  timeoutMs: number;
  /**
   * Which answers the sender counts as delivered: "below-300" also takes 1xx (Nexus), "pubsub"
   * only 102, 200, 201, 202 and 204 (Pub/Sub push).
   */
  success: "2xx" | "2xx-3xx" | "below-300" | "pubsub";
  /**
   * Answers after which the sender stops without success; absent = every non-success is retried.
   * "not-429-or-5xx": EventBridge retries only 429, 5xx and timeouts, any other answer is final.
   */
  final?: "not-429-or-5xx";
  retry: {
    /** Total attempts per event (first try included); null = retries forever. */
    attempts: number | null;
    /** Expected wait before attempt 2, 3, ... (the last value repeats when the list runs out). */
    intervalsMs: number[];
    /** Allowed deviation when comparing an observed interval, as a fraction (0.5 = ±50%). */
    tolerance: number;
    description: string;
  };
  clientCert: string;
  userAgent: string;
  contentType: string;
  warnings: string[];
  source: "documented" | "measured-only";
}

export interface CatalogEntry {
  registry: RegistryId;
  event: string;
  label: string;
  description: string;
  /** True when the schema is derived from speculative samples and is deliberately permissive. */
  speculative: boolean;
  samples: string[];
}

export interface CatalogEntryDetail extends CatalogEntry {
  schema: unknown;
  sampleBodies: Record<string, unknown>;
  semantics: SenderProfile;
}

export interface ChainAttempt {
  deliveryId: string;
  at: string;
  status: number;
}

export interface ChainView {
  id: string;
  endpoint: string;
  registry: RegistryId | null;
  event: string | null;
  attempts: ChainAttempt[];
  intervalsMs: number[];
  outcome: "delivered" | "failing" | "gave-up";
  profile: {
    registry: RegistryId | null;
    expected: string;
    verdict: "matches" | "deviates" | "unknown";
    notes: string[];
  };
}
