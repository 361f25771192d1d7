// Retry analysis (SPEC "Attempt chain", "Retry analysis"): chain identity, the tracker, and the
// comparison with each sender's documented schedule. Implementation in server/core/chains/*.ts.

export { formatMs } from "./format.ts";
export { chainKey } from "./key.ts";
export { CHAIN_IDLE_MS, createChainTracker, MAX_CHAINS } from "./tracker.ts";
export type { ChainTracker, ChainTrackerOptions, RecordInput } from "./tracker-api.ts";
export { describeExpected } from "./view.ts";
