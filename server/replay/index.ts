// createReplayer: sends a stored delivery again — to Quayside's own receiver or to the user's
// service — with optional edits and client certificate, and reports the answer or the network
// error in plain words. Also used for per-endpoint forwarding (mirror / proxy). Everything
// goes out through the guarded outbound module.
import type { Dispatcher } from "undici";
import { type DeliveryDetail, ERROR_CODES, type ReplayResult } from "../contract/index.ts";
import { payloadBytes } from "../core/payload.ts";
import {
  createOutbound,
  describeNetworkError,
  OUTBOUND_TIMEOUT_MS,
  type OutboundLookup,
  parseTarget,
} from "../outbound/index.ts";

/** How much of a target's answer is kept. */
export const MAX_REPLAY_BODY = 64 * 1024;
export const REPLAY_TIMEOUT_MS = OUTBOUND_TIMEOUT_MS;

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "expect",
]);

export interface ReplayRequest {
  target: "self" | string;
  /** Replaces the body (text) when given. */
  body?: string;
  /** Replaces headers with these names (null removes one). */
  headers?: Record<string, string | null>;
  clientCert?: "quayside" | "none";
  /** Skip verifying the target's server certificate. */
  insecure?: boolean;
  timeoutMs?: number;
}

export interface ReplayerDeps {
  /** Quayside's CA and client certificate (PEM). */
  ca: string;
  client: { cert: string; key: string };
  /** Base URL of this receiver for target "self", e.g. https://127.0.0.1:8443 */
  selfBase: () => string | null;
  /** Resolves target host names (default: the system resolver); tests inject one. */
  lookup?: OutboundLookup;
}

export function buildHeaders(
  d: Pick<DeliveryDetail, "headers">,
  edits: ReplayRequest["headers"],
  bodyEdited: boolean,
): [string, string][] {
  const removed = new Set(Object.keys(edits ?? {}).map((k) => k.toLowerCase()));
  const out: [string, string][] = d.headers.filter(([name]) => {
    const n = name.toLowerCase();
    if (HOP_BY_HOP.has(n) || removed.has(n) || n === "x-quayside-replay-of") return false;
    return !(bodyEdited && n === "content-encoding");
  });
  for (const [name, value] of Object.entries(edits ?? {})) if (value !== null) out.push([name, value]);
  return out;
}

/** The target's answer as a ReplayResult (body capped at MAX_REPLAY_BODY). */
async function readAnswer(res: Dispatcher.ResponseData<unknown>, self: boolean) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    if (size < MAX_REPLAY_BODY) chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  const text = Buffer.concat(chunks).subarray(0, MAX_REPLAY_BODY).toString("utf8");
  const headers: [string, string][] = [];
  for (const [k, v] of Object.entries(res.headers)) {
    for (const value of Array.isArray(v) ? v : [v]) if (value !== undefined) headers.push([k, String(value)]);
  }
  const deliveryId = self ? res.headers["x-quayside-delivery"] : undefined;
  return {
    status: res.statusCode,
    headers,
    body: size > MAX_REPLAY_BODY ? `${text}\n… (${size - MAX_REPLAY_BODY} more bytes not kept)` : text,
    ...(typeof deliveryId === "string" ? { deliveryId } : {}),
  };
}

export function createReplayer(deps: ReplayerDeps) {
  const outbound = createOutbound(deps.lookup ? { lookup: deps.lookup } : {});
  const targetUrl = (d: DeliveryDetail, req: ReplayRequest) =>
    req.target === "self" ? parseTarget(`${deps.selfBase()}${d.path}${d.query}`) : parseTarget(req.target);

  async function deliver(
    d: DeliveryDetail,
    req: ReplayRequest,
    url: URL,
    extraHeaders: [string, string][],
  ): Promise<ReplayResult> {
    const self = req.target === "self";
    const body = req.body !== undefined ? Buffer.from(req.body, "utf8") : payloadBytes(d.body);
    const headers = [...buildHeaders(d, req.headers, req.body !== undefined), ...extraHeaders];
    const started = performance.now();
    const at = new Date().toISOString();
    const target = self ? `self (${url.origin})` : url.toString();
    const agent = outbound.agentFor({
      ca: [deps.ca],
      ...(req.clientCert === "quayside" ? { cert: deps.client } : {}),
      insecure: !!req.insecure,
      // self: connect to 127.0.0.1 but verify the certificate as "localhost"
      ...(self ? { servername: "localhost" } : {}),
    });
    try {
      const res = await outbound.request(
        url,
        {
          method: d.method as "POST",
          headers: headers.flat(),
          body: d.method === "GET" || d.method === "HEAD" ? null : body,
          headersTimeout: req.timeoutMs ?? REPLAY_TIMEOUT_MS,
          bodyTimeout: req.timeoutMs ?? REPLAY_TIMEOUT_MS,
        },
        agent,
      );
      const answer = await readAnswer(res, self);
      return { at, target, ...answer, durationMs: Math.round(performance.now() - started) };
    } catch (e) {
      const error = describeNetworkError(e, url);
      return {
        at,
        target,
        status: null,
        headers: [],
        body: "",
        durationMs: Math.round(performance.now() - started),
        error,
      };
    }
  }

  /** Sends `d` to the target (a forward); never throws: a bad target is an error in the result. */
  async function send(
    d: DeliveryDetail,
    req: ReplayRequest,
    extraHeaders: [string, string][] = [],
  ): Promise<ReplayResult> {
    let url: URL;
    try {
      url = targetUrl(d, req);
    } catch (e) {
      const message = (e as Error).message;
      const at = new Date().toISOString();
      const target = req.target.slice(0, 200);
      return {
        at,
        target,
        status: null,
        headers: [],
        body: "",
        durationMs: 0,
        error: { code: ERROR_CODES.BAD_TARGET, message },
      };
    }
    return deliver(d, req, url, extraHeaders);
  }

  return {
    /** A console replay: a bad or refused target throws a 400 (AppError) before anything is sent. */
    replay: (d: DeliveryDetail, req: ReplayRequest) =>
      deliver(d, req, targetUrl(d, req), [["X-Quayside-Replay-Of", d.id]]),
    send,
    close: () => outbound.close(),
  };
}

export type Replayer = ReturnType<typeof createReplayer>;
