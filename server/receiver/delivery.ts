// What the receiver knows about one request before and after its answer is decided, and the pure
// step that turns both into the record the store keeps.
import type { BodyPayload, ReplayResult, ResponseRecord, SignatureCheck } from "../contract/index.ts";
import type { Classification } from "../core/catalog/index.ts";
import type { bearerClaims } from "../core/signatures/oidc.ts";
import type { NewDelivery } from "../store/types.ts";
import type { ReadBody } from "./body.ts";
import type { Peer } from "./peer.ts";
import { certSummary, validationRecord } from "./record.ts";

/** Everything read and judged about a request before any answer was chosen. */
export interface Arrival {
  id: string;
  receivedMs: number;
  endpoint: string;
  method: string;
  path: string;
  /** The query with its `?`, or "". */
  query: string;
  /** Headers in arrival order, duplicates kept. */
  headers: [string, string][];
  /** The announced Content-Length (what a refused oversized body is recorded as). */
  contentLength: string | undefined;
  replayOf: string | null;
  peer: Peer;
  body: ReadBody;
  payload: BodyPayload;
  /** The gzip/deflate-decoded body, when there was one. */
  decoded: BodyPayload | null;
  cls: Classification;
  chain: { id: string; attempt: number };
  signature: SignatureCheck | null;
  bearer: ReturnType<typeof bearerClaims>;
}

/** The answer chosen for an arrival: a refusal, a rule's, or the proxied service's. */
export interface Answer {
  response: ResponseRecord;
  /** Proxy mode: what the user's service answered (recorded as the first replay). */
  proxied: ReplayResult | null;
  /** Why the answer is not the rules' own (a refusal, the held-connection cap). */
  note?: string | undefined;
  /** True when the answer holds one of the held-connection slots until it is given. */
  held: boolean;
}

/**
 * The record to store for `arrival` answered with `answer`.
 * @example core.deliveries.record(recording, buildDelivery(arrival, { response, proxied: null, held: false }, Date.now()))
 */
export function buildDelivery(arrival: Arrival, answer: Answer, storedMs: number): NewDelivery {
  const { body, cls, peer, signature, bearer } = arrival;
  const delivery: NewDelivery = {
    id: arrival.id,
    receivedAt: new Date(arrival.receivedMs).toISOString(),
    endpoint: arrival.endpoint,
    method: arrival.method,
    path: arrival.path,
    query: arrival.query,
    headers: arrival.headers,
    body: arrival.payload,
    ...(body.decoded || body.decodeError
      ? { decoded: { body: arrival.decoded, error: body.decodeError } }
      : {}),
    size: body.tooLarge ? Number(arrival.contentLength ?? 0) : body.raw.length,
    remote: peer.remote,
    scheme: peer.scheme,
    tls: peer.tls,
    registry: cls.registry,
    event: cls.event,
    detection: cls.detection,
    validity: cls.validity,
    issueCount: cls.issueTotal,
    validation: validationRecord(cls),
    repository: cls.repository,
    tag: cls.tag,
    digest: cls.digest,
    status: answer.response.status,
    clientCert: certSummary(peer.tls),
    chain: arrival.chain,
    replayOf: arrival.replayOf,
    response: answer.response,
    replays: answer.proxied ? [answer.proxied] : [],
    timings: { receivedMs: arrival.receivedMs, storedMs },
  };
  if (answer.note) delivery.note = answer.note;
  if (signature) {
    delivery.signature = signature;
    delivery.sig = signature.verdict;
  }
  if (bearer) delivery.bearer = bearer;
  return delivery;
}
