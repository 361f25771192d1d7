// createOutbound: the one way Quayside sends requests outward (replay, mirror, proxy, send).
// Every request passes the target check, every connection the guarded DNS lookup, and no
// redirect is ever followed: a 3xx is the target's answer, shown as such.
import type { Dispatcher, request } from "undici";
import { type AgentCache, createAgentCache, createOutboundAgent, type OutboundTls } from "./agents.ts";
import { createGuardedLookup, type OutboundLookup } from "./dns.ts";
import { assertAllowedTarget } from "./target.ts";
import { undici } from "./undici.ts";

export interface OutboundOptions {
  /** Resolves host names (default: the system resolver); tests inject one. */
  lookup?: OutboundLookup;
  /** Bound of the agent cache. */
  maxAgents?: number;
}

export type OutboundRequestOptions = Omit<NonNullable<Parameters<typeof request>[1]>, "dispatcher">;

export interface Outbound {
  /** The shared Agent for these TLS options (keeps connections alive between requests). */
  agentFor: AgentCache["agentFor"];
  /** A new Agent the caller owns and destroys: a fresh connection, as a registry makes. */
  freshAgent(tls: OutboundTls): Dispatcher;
  /** Sends one request through `dispatcher` (from agentFor/freshAgent); never follows redirects. */
  request(
    url: URL,
    options: OutboundRequestOptions,
    dispatcher: Dispatcher,
  ): Promise<Dispatcher.ResponseData<unknown>>;
  close(): Promise<void>;
}

/**
 * @example
 * const out = createOutbound();
 * const res = await out.request(url, { method: "POST", body }, out.agentFor({ insecure: false }));
 */
export function createOutbound(options: OutboundOptions = {}): Outbound {
  const lookup = createGuardedLookup(options.lookup);
  const cache = createAgentCache(lookup, options.maxAgents);
  return {
    agentFor: (tls) => cache.agentFor(tls),
    freshAgent: (tls) => createOutboundAgent(tls, lookup),
    async request(url, opts, dispatcher) {
      assertAllowedTarget(url);
      // undici's request follows redirects only through a redirect interceptor, which is never
      // composed here: a Location pointing elsewhere must not bypass the target check.
      return undici().request(url, { ...opts, dispatcher });
    },
    close: () => cache.close(),
  };
}
