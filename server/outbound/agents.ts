// HTTP client agents for outbound requests: every connection goes through the guarded lookup.
// The cache keeps one Agent per distinct TLS option set, so repeated replays reuse connections,
// and is bounded so a stream of distinct options cannot grow it without end.
import { createHash } from "node:crypto";
import { rootCertificates } from "node:tls";
import type { Agent } from "undici";
import type { ConnectLookup } from "./dns.ts";
import { undici } from "./undici.ts";

/** How long an outbound request may wait for an answer by default. */
export const OUTBOUND_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;
/** Distinct TLS option sets are few (cert or not, verify or not, self or not); 16 is ample. */
export const MAX_CACHED_AGENTS = 16;

export interface OutboundTls {
  /** Extra CAs (PEM) trusted on top of the system roots. */
  ca?: string[];
  /** Client certificate to present. */
  cert?: { cert: string; key: string };
  /** Skip verifying the target's server certificate. */
  insecure?: boolean;
  /** Verify the certificate against this name instead of the URL's host. */
  servername?: string;
}

/** A new Agent whose connector resolves names only through `lookup`. */
export function createOutboundAgent(tls: OutboundTls, lookup: ConnectLookup): Agent {
  return new (undici().Agent)({
    connect: {
      ca: [...rootCertificates, ...(tls.ca ?? [])],
      rejectUnauthorized: !tls.insecure,
      // net.connect calls this for host names; IP literals are checked by assertAllowedTarget
      lookup: lookup as never,
      ...(tls.cert ? { cert: tls.cert.cert, key: tls.cert.key } : {}),
      ...(tls.servername ? { servername: tls.servername } : {}),
      timeout: CONNECT_TIMEOUT_MS,
    },
    headersTimeout: OUTBOUND_TIMEOUT_MS,
    bodyTimeout: OUTBOUND_TIMEOUT_MS,
  });
}

function keyOf(tls: OutboundTls): string {
  const parts = [
    ...(tls.ca ?? []),
    "\0",
    tls.cert?.cert ?? "",
    tls.cert?.key ?? "",
    String(!!tls.insecure),
    tls.servername ?? "",
  ];
  return createHash("sha256").update(parts.join("\n")).digest("hex");
}

export interface AgentCache {
  /** The shared Agent for this TLS option set (created on first use). */
  agentFor(tls: OutboundTls): Agent;
  close(): Promise<void>;
}

export function createAgentCache(lookup: ConnectLookup, max = MAX_CACHED_AGENTS): AgentCache {
  const agents = new Map<string, Agent>();
  return {
    agentFor(tls) {
      const key = keyOf(tls);
      const known = agents.get(key);
      if (known) return known;
      const oldest = agents.keys().next();
      if (agents.size >= max && !oldest.done) {
        // close() lets requests in flight on the evicted agent finish
        void agents.get(oldest.value)?.close();
        agents.delete(oldest.value);
      }
      const agent = createOutboundAgent(tls, lookup);
      agents.set(key, agent);
      return agent;
    },
    async close() {
      await Promise.all([...agents.values()].map((a) => a.close()));
      agents.clear();
    },
  };
}
