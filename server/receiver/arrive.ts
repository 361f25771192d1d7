// The read-and-judge steps before any answer is chosen: headers, payloads, classification,
// signature, bearer claims and the delivery's place in its retry chain. Pure apart from the
// chain tracker's assignment (which attempt of which chain this is).
import type { IncomingMessage } from "node:http";
import type { EndpointSettings } from "../contract/index.ts";
import { chainKey } from "../core/chains/index.ts";
import type { Core } from "../core/index.ts";
import { checkSignature } from "../core/signatures/index.ts";
import { bearerClaims } from "../core/signatures/oidc.ts";
import { type ReadBody, toPayload } from "./body.ts";
import type { Arrival } from "./delivery.ts";
import type { Peer } from "./peer.ts";
import { newDeliveryId, rawHeaderPairs, splitUrl } from "./record.ts";

/** Where a request was sent: its endpoint, and the registry/event pinned by the URL, if any. */
export interface Route {
  endpoint: string;
  pinned: { registry: string; event: string } | null;
}

export interface ArriveInput {
  req: IncomingMessage;
  route: Route;
  settings: EndpointSettings;
  peer: Peer;
  body: ReadBody;
  receivedMs: number;
}

/** Reads and judges what arrived; `core` supplies the catalog and the chain tracker. */
export function arrive(core: Pick<Core, "catalog" | "chains">, input: ArriveInput): Arrival {
  const { req, route, settings, body, receivedMs } = input;
  const headers = rawHeaderPairs(req);
  const payload = toPayload(body.raw);
  const decoded = body.decoded ? toPayload(body.decoded) : null;
  const shown = decoded ?? payload;
  const cls = core.catalog.classify({
    body: body.decoded ?? body.raw,
    text: "text" in shown ? shown.text : undefined,
    contentType: req.headers["content-type"] ?? null,
    headers,
    pinned: route.pinned,
    expected: settings.registry ? { registry: settings.registry, event: settings.event } : null,
    validation: settings.validation,
  });
  const { chainId, attempt } = core.chains.assign({
    endpoint: route.endpoint,
    key: chainKey(body.decoded ?? body.raw, cls.senderId),
    registry: cls.registry,
    at: receivedMs,
  });
  // Stryker disable next-line StringLiteral: node:http always sets req.url on a server request
  const url = splitUrl(req.url ?? "/");
  const replayOf = req.headers["x-quayside-replay-of"];
  return {
    id: newDeliveryId(),
    receivedMs,
    endpoint: route.endpoint,
    // Stryker disable next-line StringLiteral: node:http always sets req.method on a server request
    method: req.method ?? "GET",
    path: url.path,
    query: url.query,
    headers,
    contentLength: req.headers["content-length"],
    replayOf: replayOf === undefined ? null : String(replayOf),
    peer: input.peer,
    body,
    payload,
    decoded,
    cls,
    chain: { id: chainId, attempt },
    // over the raw bytes as they arrived (before any gzip was undone): that is what was signed
    signature: body.tooLarge ? null : checkSignature(headers, body.raw, settings.signature),
    bearer: bearerClaims(headers, receivedMs),
  };
}
