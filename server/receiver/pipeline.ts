// The receive pipeline, one small step after another: who is on the socket, the body, what it
// is, the policies, the rules, the held-connection cap, the record, then the answer. Record
// first, judge second: every request is stored before it is answered, whatever is wrong with it.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EndpointSettings } from "../contract/index.ts";
import type { Core } from "../core/index.ts";
import { arrive, type Route } from "./arrive.ts";
import { readBody } from "./body.ts";
import { commitDelivery, mirrorDelivery } from "./commit.ts";
import { decide } from "./decide.ts";
import { type Arrival, buildDelivery } from "./delivery.ts";
import { type PeerPolicy, readPeer } from "./peer.ts";
import { type AdmitInput, refusal } from "./policy.ts";
import { defaultEndpoint } from "./record.ts";
import { applyResponse, capHeld, createHeldSlots, lingerOnClose } from "./respond.ts";

/** Shared by every endpoint without pins, so the per-socket peer answer is reused across them. */
const NO_PINS: string[] = [];

/**
 * What the peer step judges a socket by. readPeer keeps one answer per socket and policy (by
 * identity): every endpoint without pins gives the same policy, so a keep-alive connection's
 * certificate is examined once, not on every delivery to an unconfigured endpoint.
 */
export function peerPolicy(core: Pick<Core, "trustedCas">, settings: EndpointSettings): PeerPolicy {
  const pins = settings.clientCert.pins;
  return { trustedCas: core.trustedCas, pins: pins.length > 0 ? pins : NO_PINS };
}

/** What to do when the store cannot take a delivery (it was not recorded, so it is not answered). */
export type StoreFailed = (res: ServerResponse, endpoint: string, error: Error) => void;

function admitInput(
  arrival: Arrival,
  settings: EndpointSettings,
  bodyLimit: number,
  origin?: string,
): AdmitInput {
  const input: AdmitInput = {
    id: arrival.id,
    origin,
    body: arrival.body,
    bodyLimit,
    certMode: settings.clientCert.mode,
    tls: arrival.peer.tls,
  };
  if (settings.signature) input.signature = { check: arrival.signature, mode: settings.signature.mode };
  return input;
}

/** The receiver's request pipeline for `route`; resolves once the answer was given (or withheld). */
export function createPipeline(core: Core, storeFailed: StoreFailed) {
  const { store, config } = core;
  const heldSlots = createHeldSlots(config.maxHeld);

  return async function handle(req: IncomingMessage, res: ServerResponse, route: Route): Promise<void> {
    const receivedMs = Date.now();
    // Nothing is created for a name: an unconfigured endpoint has default settings (see
    // store/endpoints.ts), so a flood of new names costs no settings writes.
    const settings =
      store.endpoints.get(route.endpoint) ?? defaultEndpoint(route.endpoint, config.clientCert);
    const peer = readPeer(req.socket, peerPolicy(core, settings));
    const body = await readBody(req, config.bodyLimit);
    const arrival = arrive(core, { req, route, settings, peer, body, receivedMs });
    // A refused request is stored too, but it reaches no rule, proxy or mirror, and does not
    // announce its endpoint (a sender cannot make the console list names at will).
    const refused = refusal(admitInput(arrival, settings, config.bodyLimit, req.headers.origin));
    if (body.tooLarge) lingerOnClose(req.socket);
    const firstSight = !refused && store.endpoints.see(route.endpoint);
    const decided = refused ? { ...refused, proxied: null, held: false } : decide(core, settings, arrival);
    const answer = capHeld(decided instanceof Promise ? await decided : decided, heldSlots, arrival.id);
    const delivery = buildDelivery(arrival, answer, Date.now());
    let stored: Awaited<ReturnType<typeof commitDelivery>>;
    try {
      stored = await commitDelivery(core, delivery, firstSight ? settings : null);
    } catch (e) {
      if (answer.held) heldSlots.release();
      return storeFailed(res, route.endpoint, e as Error);
    }
    if (!refused && settings.forward?.mode === "mirror") void mirrorDelivery(core, settings.forward, stored);
    try {
      await applyResponse(answer.response, res);
    } finally {
      if (answer.held) heldSlots.release();
    }
  };
}
