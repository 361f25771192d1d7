// The GitLab registry's retry schedule depends on two settings (more/REPORT.md §7.1): `backoff`
// (the initial wait, 1 s by default) and `maxretries` (10). Waits grow ×1.5 per retry with ±50 %
// jitter (cenkalti/backoff v4), so the initial wait is read off the chain instead of assumed.
import type { SenderProfile } from "../../contract/types.ts";
import { formatMs } from "./format.ts";
import { median, type ScheduleFit, waits } from "./infer.ts";
import type { ChainRecord } from "./view.ts";

const MULTIPLIER = 1.5;
const JITTER = 0.5;
/** Scheduling and loopback round trips on top of the jittered wait. */
const SLACK_MS = 500;
const DEFAULTS = { backoffMs: 1_000, maxRetries: 10 };

/**
 * Which `backoff` explains the chain's waits (and how many retries `maxretries` allowed), or the
 * waits no setting explains.
 * @example fitGitlab(chain, profile).explanation // "matches GitLab with backoff 2 s"
 */
export function fitGitlab(record: ChainRecord, profile: SenderProfile): ScheduleFit {
  const gaps = waits(record, profile.timeoutMs);
  const n = record.attempts.length;
  const limit = profile.retry.attempts ?? DEFAULTS.maxRetries + 1;
  const retries = n > limit ? `, with maxretries ${n - 1} or more (default ${DEFAULTS.maxRetries})` : "";
  if (gaps.length === 0) return { explanation: null, deviations: [] };
  // each wait divided by its growth is an estimate of the initial backoff; the median resists jitter
  const backoffMs = median(gaps.map((gap, k) => gap / MULTIPLIER ** k));
  const deviations: string[] = [];
  gaps.forEach((gap, k) => {
    const expected = backoffMs * MULTIPLIER ** k;
    if (gap >= expected * (1 - JITTER) - SLACK_MS && gap <= expected * (1 + JITTER) + SLACK_MS) return;
    deviations.push(
      `attempt ${k + 2} came ${formatMs(gap)} after attempt ${k + 1} was answered; GitLab waits ` +
        `~${formatMs(expected)} (±50%) there, growing ×1.5 from a ${formatMs(backoffMs)} backoff`,
    );
  });
  if (deviations.length > 0) return { explanation: null, deviations };
  const isDefault = Math.abs(backoffMs - DEFAULTS.backoffMs) <= DEFAULTS.backoffMs * JITTER;
  const rounded = Math.round(backoffMs / 100) * 100;
  return {
    explanation: isDefault
      ? `matches GitLab's defaults (backoff 1 s, ×1.5 per retry)${retries}`
      : `matches GitLab with backoff ${formatMs(rounded)}${retries}`,
    deviations,
  };
}
