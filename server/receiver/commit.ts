// The receiver's only writes to the shared state go through the core's deliveries service: store
// the delivery (durably: this resolves only after the group-committed append), record its attempt
// in its chain, announce it live; and, for the mirror, its later answer.
import type { DeliveryDetail, EndpointSettings, ForwardSettings } from "../contract/index.ts";
import type { Core } from "../core/index.ts";
import type { NewDelivery } from "../store/types.ts";
import { forwardCert } from "./record.ts";

/**
 * Stores `delivery`, records its attempt in its chain and publishes it (and, the first time a
 * name is used, its endpoint). Rejects, publishing nothing, when the store cannot write.
 */
export function commitDelivery(
  core: Core,
  delivery: NewDelivery,
  firstSightOf: EndpointSettings | null,
): Promise<DeliveryDetail> {
  const { response, chain } = delivery;
  // the receiver always assigns a chain; a record without one has no attempt to add
  const attempt = chain && {
    chainId: chain.id,
    at: delivery.timings.receivedMs,
    status: response.status,
    registry: delivery.registry,
    event: delivery.event,
    endpoint: delivery.endpoint,
    attempt: chain.attempt,
    delayMs: response.delayMs,
    hung: response.action === "hang",
  };
  return core.deliveries.record({ attempt, announce: firstSightOf }, delivery);
}

/** Mirror: the delivery also goes to the user's service; its answer is recorded as a replay. */
export async function mirrorDelivery(
  core: Core,
  forward: ForwardSettings,
  stored: DeliveryDetail,
): Promise<void> {
  const result = await core.replayer.send(stored, { target: forward.url, ...forwardCert(forward) });
  await core.deliveries.addReplay(stored.id, result).catch(() => {});
}
