// createReplayer: sends a stored delivery again — to Quayside's own receiver or to the user's
// service — with optional edits and client certificate, and reports the answer or the network
// error in plain words. Also used for per-endpoint forwarding (mirror / proxy).
import { rootCertificates } from "node:tls";
import { Agent, request } from "undici";
import type { DeliveryDetail, ReplayResult } from "../contract/index.ts";
import { payloadBytes } from "../receiver/body.ts";
import { describeNetworkError } from "./errors.ts";
import { assertAllowedLiteral, guardedLookup, parseTarget } from "./target.ts";

/** How much of a target's answer is kept. */
export const MAX_REPLAY_BODY = 64 * 1024;
export const REPLAY_TIMEOUT_MS = 30_000;

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

export function createReplayer(deps: ReplayerDeps) {
  const agents = new Map<string, Agent>();
  const agentFor = (withCert: boolean, insecure: boolean, self: boolean) => {
    const key = `${withCert}/${insecure}/${self}`;
    let agent = agents.get(key);
    if (!agent) {
      agent = new Agent({
        connect: {
          ca: [...rootCertificates, deps.ca],
          rejectUnauthorized: !insecure,
          lookup: guardedLookup as never,
          ...(withCert ? { cert: deps.client.cert, key: deps.client.key } : {}),
          timeout: 10_000,
          // self: connect to 127.0.0.1 but verify the certificate as "localhost"
          ...(self ? { servername: "localhost" } : {}),
        },
        headersTimeout: REPLAY_TIMEOUT_MS,
        bodyTimeout: REPLAY_TIMEOUT_MS,
      });
      agents.set(key, agent);
    }
    return agent;
  };

  /** Sends `d` to the target; never throws for network failures (they are in the result). */
  async function send(
    d: DeliveryDetail,
    req: ReplayRequest,
    extraHeaders: [string, string][] = [],
  ): Promise<ReplayResult> {
    const self = req.target === "self";
    const base = self ? deps.selfBase() : null;
    const url = self ? parseTarget(`${base}${d.path}${d.query}`) : parseTarget(req.target);
    const body = req.body !== undefined ? Buffer.from(req.body, "utf8") : payloadBytes(d.body);
    const headers = [...buildHeaders(d, req.headers, req.body !== undefined), ...extraHeaders];
    const started = performance.now();
    const at = new Date().toISOString();
    const target = self ? `self (${url.origin})` : url.toString();
    try {
      assertAllowedLiteral(url);
      const res = await request(url, {
        method: d.method as "POST",
        headers: headers.flat(),
        body: d.method === "GET" || d.method === "HEAD" ? null : body,
        dispatcher: agentFor(req.clientCert === "quayside", !!req.insecure, self),
        headersTimeout: req.timeoutMs ?? REPLAY_TIMEOUT_MS,
        bodyTimeout: req.timeoutMs ?? REPLAY_TIMEOUT_MS,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        if (size < MAX_REPLAY_BODY) chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      const text = Buffer.concat(chunks).subarray(0, MAX_REPLAY_BODY).toString("utf8");
      const resHeaders: [string, string][] = [];
      for (const [k, v] of Object.entries(res.headers)) {
        for (const value of Array.isArray(v) ? v : [v])
          if (value !== undefined) resHeaders.push([k, String(value)]);
      }
      const deliveryId = self ? res.headers["x-quayside-delivery"] : undefined;
      return {
        at,
        target,
        status: res.statusCode,
        headers: resHeaders,
        body: size > MAX_REPLAY_BODY ? `${text}\n… (${size - MAX_REPLAY_BODY} more bytes not kept)` : text,
        durationMs: Math.round(performance.now() - started),
        ...(typeof deliveryId === "string" ? { deliveryId } : {}),
      };
    } catch (e) {
      return {
        at,
        target,
        status: null,
        headers: [],
        body: "",
        durationMs: Math.round(performance.now() - started),
        error: describeNetworkError(e, url),
      };
    }
  }

  return {
    replay: (d: DeliveryDetail, req: ReplayRequest) => send(d, req, [["X-Quayside-Replay-Of", d.id]]),
    send,
    async close() {
      await Promise.all([...agents.values()].map((a) => a.close()));
    },
  };
}

export type Replayer = ReturnType<typeof createReplayer>;
