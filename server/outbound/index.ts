// Outbound requests: target parsing, the address guard, the guarded DNS lookup, agents and the
// wording of network errors. Replay, forwarding (mirror/proxy) and `quayside send` use it.
export { embeddedIPv4, isForbiddenAddress, isMetadataHost, refusalFor } from "./address.ts";
export { MAX_CACHED_AGENTS, OUTBOUND_TIMEOUT_MS, type OutboundTls } from "./agents.ts";
export { createOutbound, type Outbound, type OutboundOptions } from "./client.ts";
export { createGuardedLookup, type OutboundLookup, systemLookup } from "./dns.ts";
export { describeNetworkError, ForbiddenAddressError } from "./errors.ts";
export { assertAllowedTarget, parseTarget } from "./target.ts";
