// distribution sends one event at a time per endpoint and retries it forever (REPORT.md §4.2):
// while one event fails, every later event to that endpoint waits in the queue behind it. The
// attempts of the waiting event cannot show that, so its chain gets a note naming the blocker.

import type { SenderProfile } from "../../contract/types.ts";
import { formatMs } from "./format.ts";
import { type ChainRecord, countsAsSuccess } from "./view.ts";

/**
 * How soon after the blocking chain got through a queued event arrives. distribution sends the
 * next queued event as soon as the previous one succeeds; a later arrival is a new event.
 */
export const QUEUE_GAP_MS = 5_000;

/**
 * The note for `chain` when it arrived right behind a failing distribution chain on its endpoint,
 * or null. `previous` is the chain created on the same endpoint just before it.
 */
export function heldBehindNote(
  chain: ChainRecord,
  previous: ChainRecord | undefined,
  profile: SenderProfile | undefined,
): string | null {
  if (chain.registry !== "distribution" || previous?.registry !== "distribution") return null;
  const first = chain.attempts[0];
  const firstFailure = previous.attempts.find((a) => !countsAsSuccess(profile, a.status));
  const last = previous.attempts.at(-1);
  if (!first || !firstFailure || !last || !countsAsSuccess(profile, last.status)) return null;
  const gap = first.at - last.at;
  if (gap < 0 || gap > QUEUE_GAP_MS) return null;
  // The event may have been queued at any point since the blocker's first failure.
  const held = first.at - firstFailure.at;
  return (
    `held up to ${formatMs(held)} behind chain ${previous.id}: distribution sends one event at a time ` +
    `per endpoint, and this one arrived ${formatMs(gap)} after that chain's event got through`
  );
}
