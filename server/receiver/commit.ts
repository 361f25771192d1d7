// The receiver's only writes to the shared state: store the delivery (durably: this resolves only
// after the group-committed append), record its attempt in its chain, and announce it live. The
// mirror's later answer is recorded here too. Kept in one place so the core can own it later.
import type { DeliveryDetail, EndpointSettings } from "../contract/index.ts";
import { endpointView } from "../core/endpoints.ts";
import type { Core } from "../core/index.ts";
import { toSummary } from "../store/summary.ts";
import type { NewDelivery } from "../store/types.ts";

/**
 * Stores `delivery`, records its attempt in its chain and publishes it (and, the first time a
 * name is used, its endpoint). Rejects, publishing nothing, when the store cannot write.
 */
export async function commitDelivery(
  core: Core,
  delivery: NewDelivery,
  firstSightOf: EndpointSettings | null,
): Promise<DeliveryDetail> {
  const stored = await core.store.add(delivery);
  if (firstSightOf) core.hub.publish({ type: "endpoint", endpoint: endpointView(core, firstSightOf) });
  core.hub.publish({ type: "delivery", delivery: core.store.summary(stored.id) ?? toSummary(stored) });
  const { response, chain } = stored;
  // the receiver always assigns a chain; a record without one has no attempt to add
  if (!chain) return stored;
  core.chains.record({
    chainId: chain.id,
    deliveryId: stored.id,
    at: stored.timings.receivedMs,
    status: response.status,
    registry: stored.registry,
    event: stored.event,
    endpoint: stored.endpoint,
    attempt: chain.attempt,
    delayMs: response.delayMs,
    hung: response.action === "hang",
  });
  return stored;
}

/** Mirror: the delivery also goes to the user's service; its answer is recorded as a replay. */
export async function mirrorDelivery(core: Core, url: string, stored: DeliveryDetail): Promise<void> {
  const result = await core.replayer.send(stored, { target: url });
  await core.store.addReplay(stored.id, result).catch(() => {});
  const summary = core.store.summary(stored.id);
  if (summary) core.hub.publish({ type: "delivery-updated", delivery: summary });
}
