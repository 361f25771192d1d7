// The rules' decision for an accepted delivery, or in proxy mode the user's service's answer.
import type { EndpointSettings, ForwardSettings } from "../contract/index.ts";
import type { Core } from "../core/index.ts";
import type { Answer, Arrival } from "./delivery.ts";
import { forwardCert, proxiedResponse, responseFor } from "./record.ts";

type DecideCore = Pick<Core, "rules" | "replayer">;

/** Proxy: the registry gets the user's service's answer; both sides are recorded. */
async function proxy(core: DecideCore, forward: ForwardSettings, arrival: Arrival): Promise<Answer> {
  const { id } = arrival;
  const request = {
    id,
    method: arrival.method,
    path: arrival.path,
    query: arrival.query,
    headers: arrival.headers,
    body: arrival.payload,
  };
  const proxied = await core.replayer.send(request as never, {
    target: forward.url,
    ...forwardCert(forward),
  });
  return { response: proxiedResponse(proxied, id), proxied, held: false };
}

/**
 * The answer for a delivery every policy let through: at once from the rules, or a promise
 * of the user's service's answer in proxy mode (no promise made for the usual case).
 */
export function decide(
  core: DecideCore,
  settings: EndpointSettings,
  arrival: Arrival,
): Answer | Promise<Answer> {
  const { cls, chain, id } = arrival;
  const query = arrival.query === "" ? undefined : new URLSearchParams(arrival.query);
  const ctx = {
    endpoint: arrival.endpoint,
    registry: cls.registry,
    event: cls.event,
    repository: cls.repository,
    attempt: chain.attempt,
    chainId: chain.id,
  };
  const decision = core.rules.decide(settings.rules, ctx, query);
  if (settings.forward?.mode === "proxy" && decision.action === "respond" && decision.rule === null) {
    return proxy(core, settings.forward, arrival);
  }
  return { response: responseFor(decision, id), proxied: null, held: false };
}
