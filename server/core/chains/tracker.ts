// Attempt chains per endpoint: hands out chain id + attempt number before the answer, closes a chain
// once the sender counts an answer as success, rebuilds itself from stored summaries at start-up.

import type { ChainView, RegistryId } from "../../contract/types.ts";
import { REGISTRY_IDS } from "../../contract/types.ts";
import { SENDER_PROFILES } from "../catalog/profiles.ts";
import { chainIdentity, identityOf, makeChainId } from "./key.ts";
import { heldBehindNote } from "./queue.ts";
import type { ChainTracker, ChainTrackerOptions } from "./tracker-api.ts";
import {
  type AttemptRecord,
  attemptLimit,
  type ChainRecord,
  countsAsSuccess,
  finalAttempt,
  toChainView,
} from "./view.ts";

/** Chains kept in memory (about 2x the default retention); past it the oldest tenth is dropped. */
export const MAX_CHAINS = 20_000;
/**
 * An unfinished chain idle this long is not joined any more: no documented sender waits that long
 * between attempts (Harbor's longest backoff is ~2 min, REPORT.md §5.1), so the same body is a new event.
 */
export const CHAIN_IDLE_MS = 60 * 60 * 1000;

/**
 * Attempts one chain holds; past it the next attempt starts a new chain. Pub/Sub's 7 days at its
 * 600 s backoff is ~1,000 attempts; a sender repeating one event id forever must not grow one
 * chain (and every view of it) without bound.
 */
export const MAX_CHAIN_ATTEMPTS = 1_000;

function asRegistry(value: string | null): RegistryId | null {
  return REGISTRY_IDS.includes(value as RegistryId) ? (value as RegistryId) : null;
}

/**
 * Create a chain tracker (bounded to `maxChains`, oldest dropped first).
 * @example const { chainId, attempt } = tracker.assign({ endpoint: "ci", key: chainKey(body, null), registry: "quay", at: Date.now() })
 */
export function createChainTracker(opts: ChainTrackerOptions = {}): ChainTracker {
  const maxChains = opts.maxChains ?? MAX_CHAINS;
  const maxAttempts = opts.maxAttempts ?? MAX_CHAIN_ATTEMPTS;
  const profiles = opts.profiles ?? SENDER_PROFILES;
  const chains = new Map<string, ChainRecord>(); // insertion order = oldest first
  const latest = new Map<string, string>(); // identity -> newest chain id
  const byDelivery = new Map<string, string>(); // delivery id -> chain id
  const newestOn = new Map<string, string>(); // endpoint -> newest chain id

  const profileOf = (chain: ChainRecord) => (chain.registry ? profiles[chain.registry] : undefined);

  function view(chain: ChainRecord): ChainView {
    const profile = profileOf(chain);
    const held = heldBehindNote(chain, chains.get(chain.previous ?? ""), profile);
    return toChainView(chain, profile, held ? [held] : []);
  }

  const isDelivered = (chain: ChainRecord) =>
    chain.attempts.some((a) => countsAsSuccess(profileOf(chain), a.status));

  function isOver(chain: ChainRecord): boolean {
    const profile = profileOf(chain);
    if (isDelivered(chain)) return true;
    // after a final answer (EventBridge's 400) the sender sends this event no more
    if (finalAttempt(profile, chain.attempts) !== -1) return true;
    // Harbor's and GitLab's limits are settings: an attempt past the default still belongs to the event
    const configurable = profile?.registry === "harbor" || profile?.registry === "gitlab";
    const limit = configurable ? null : attemptLimit(profile);
    return limit !== null && chain.attempts.length >= limit;
  }

  function drop(chain: ChainRecord): void {
    chains.delete(chain.id);
    if (latest.get(chain.identity) === chain.id) latest.delete(chain.identity);
    if (newestOn.get(chain.endpoint) === chain.id) newestOn.delete(chain.endpoint);
    for (const a of chain.attempts) byDelivery.delete(a.deliveryId);
  }

  function add(chain: ChainRecord): ChainRecord {
    const previous = newestOn.get(chain.endpoint);
    if (previous !== undefined) chain.previous = previous;
    newestOn.set(chain.endpoint, chain.id);
    chains.set(chain.id, chain);
    latest.set(chain.identity, chain.id);
    if (chains.size > maxChains) {
      // Drop a tenth at once: finding the oldest of a Map means stepping over the slots of every
      // entry deleted before it, so dropping one per new chain would cost that walk every time.
      let excess = chains.size - maxChains + Math.floor(maxChains / 10);
      for (const oldest of chains.values()) {
        if (excess-- <= 0) break;
        drop(oldest);
      }
    }
    return chain;
  }

  function addAttempt(chain: ChainRecord, attempt: AttemptRecord): void {
    const previous = byDelivery.get(attempt.deliveryId);
    if (previous !== undefined) return; // recorded twice: keep the first
    chain.attempts.push(attempt);
    chain.attempts.sort((a, b) => a.at - b.at || a.attempt - b.attempt);
    chain.assigned = Math.max(chain.assigned, attempt.attempt);
    byDelivery.set(attempt.deliveryId, chain.id);
  }

  return {
    assign({ endpoint, key, registry, at }) {
      const identity = chainIdentity(endpoint, key);
      const current = chains.get(latest.get(identity) ?? "");
      const lastAt = current?.attempts.at(-1)?.at ?? current?.createdAt ?? 0;
      // The sender's own event id names one event however late or often it comes back (GitHub's
      // manual redelivery days later, a duplicate past EventBridge's final answer): it joins until
      // delivered. A body hash only says "same bytes": within the schedule and the idle window.
      const sameEvent = current !== undefined && key.startsWith("id:") && !isDelivered(current);
      const retrying = current !== undefined && !isOver(current) && at - lastAt <= CHAIN_IDLE_MS;
      if (current && (sameEvent || retrying) && current.assigned < maxAttempts) {
        current.registry ??= asRegistry(registry);
        current.assigned += 1;
        return { chainId: current.id, attempt: current.assigned };
      }
      const id = makeChainId(identity, at, (candidate) => chains.has(candidate));
      add({
        id,
        endpoint,
        identity,
        registry: asRegistry(registry),
        event: null,
        createdAt: at,
        assigned: 1,
        attempts: [],
      });
      return { chainId: id, attempt: 1 };
    },

    record(input) {
      let chain = chains.get(input.chainId);
      if (!chain) {
        // Evicted between assign and record, or assigned elsewhere: keep the attempt anyway.
        chain = add({
          id: input.chainId,
          endpoint: input.endpoint,
          identity: identityOf(input.chainId),
          registry: null,
          event: null,
          createdAt: input.at,
          assigned: 0,
          attempts: [],
        });
      }
      chain.registry ??= asRegistry(input.registry);
      chain.event ??= input.event;
      const attempt: AttemptRecord = {
        deliveryId: input.deliveryId,
        at: input.at,
        status: input.status,
        attempt: input.attempt ?? chain.attempts.length + 1,
      };
      if (input.delayMs !== undefined) attempt.delayMs = input.delayMs;
      if (input.hung) attempt.hung = true;
      if (input.readyAt !== undefined) attempt.readyAt = input.readyAt;
      addAttempt(chain, attempt);
    },

    restore(summaries) {
      for (const s of summaries) {
        if (!s.chain) continue;
        const at = Date.parse(s.receivedAt);
        const chain =
          chains.get(s.chain.id) ??
          add({
            id: s.chain.id,
            endpoint: s.endpoint,
            identity: identityOf(s.chain.id),
            registry: s.registry,
            event: s.event,
            createdAt: at,
            assigned: 0,
            attempts: [],
          });
        chain.registry ??= s.registry;
        chain.event ??= s.event;
        addAttempt(chain, { deliveryId: s.id, at, status: s.status, attempt: s.chain.attempt });
      }
    },

    list(filter = {}) {
      const views: ChainView[] = [];
      const all = [...chains.values()];
      for (let i = all.length - 1; i >= 0 && views.length < (filter.limit ?? Infinity); i--) {
        const chain = all[i]!;
        if (chain.attempts.length === 0) continue; // assigned, answer not recorded yet
        if (filter.endpoint === undefined || chain.endpoint === filter.endpoint) {
          views.push(view(chain));
        }
      }
      return views;
    },

    get(chainId) {
      const chain = chains.get(chainId);
      return chain ? view(chain) : undefined;
    },

    forget(deliveryIds) {
      for (const deliveryId of deliveryIds) {
        const chain = chains.get(byDelivery.get(deliveryId) ?? "");
        byDelivery.delete(deliveryId);
        if (!chain) continue;
        chain.attempts = chain.attempts.filter((a) => a.deliveryId !== deliveryId);
        if (chain.attempts.length === 0) drop(chain);
      }
    },
  };
}
