// Retry analysis (SPEC "Attempt chain", "Retry analysis"): chain identity, the tracker, and the
// comparison with each sender's documented schedule. Implementation in server/chains/*.ts.

export { formatMs } from "./chains/format.ts";
export { chainKey } from "./chains/key.ts";
export type { ChainTracker, ChainTrackerOptions, RecordInput } from "./chains/tracker.ts";
export { CHAIN_IDLE_MS, createChainTracker, MAX_CHAINS } from "./chains/tracker.ts";
export { describeExpected } from "./chains/view.ts";
