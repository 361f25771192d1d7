// distribution's retry schedule depends on its configuration (REPORT.md §4.2): a Breaker per
// endpoint retries at once while consecutive failures < threshold, then waits `backoff` after
// each failure. So a chain shows (threshold - 1) immediate retries, then one per backoff. The
// parameters are read off the chain instead of assuming the defaults (threshold 10, backoff 1 s).
import type { SenderProfile } from "../../contract/types.ts";
import { formatMs } from "./format.ts";
import { answerTime, type ChainRecord } from "./view.ts";

/** A retry this soon after the answer is "immediate" (Go's scheduling plus a loopback round trip). */
const IMMEDIATE_MS = 300;
/** How far a backoff wait may stray from the chain's typical one. */
const BACKOFF_SLACK = 0.25;
const DEFAULTS = { threshold: 10, backoffMs: 1_000 };

export interface ScheduleFit {
  /** "matches distribution with threshold 5, backoff 1 s", or null when nothing explains the chain. */
  explanation: string | null;
  deviations: string[];
}

/** The waits between attempts, less the time each attempt waited for our answer. */
export function waits(record: ChainRecord, timeoutMs: number): number[] {
  const out: number[] = [];
  for (let k = 1; k < record.attempts.length; k++) {
    const previous = record.attempts[k - 1]!;
    out.push(record.attempts[k]!.at - previous.at - answerTime(previous, timeoutMs));
  }
  return out;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * The configured backoff a measured one stands for. A measured wait also holds the sender's new
 * connection and a busy machine's scheduling, so it runs a little over the setting: a whole second
 * (or tenth, below one second) up to 15% under it is taken as the setting.
 */
export function configuredBackoff(measuredMs: number): number {
  const unit = measuredMs >= 1000 ? 1000 : 100;
  const floor = Math.floor(measuredMs / unit) * unit;
  return floor > 0 && measuredMs - floor <= floor * 0.15 ? floor : Math.round(measuredMs / 100) * 100;
}

function configuration(threshold: number, backoffMs: number): string {
  const rounded = configuredBackoff(backoffMs);
  if (
    threshold === DEFAULTS.threshold &&
    Math.abs(backoffMs - DEFAULTS.backoffMs) <= DEFAULTS.backoffMs * BACKOFF_SLACK
  ) {
    return "matches distribution's defaults (threshold 10, backoff 1 s)";
  }
  return `matches distribution with threshold ${threshold}, backoff ${formatMs(rounded)}`;
}

/**
 * Which distribution configuration explains the chain's waits, or the waits no configuration explains.
 * @example fitDistribution(chain, profile).explanation // "matches distribution with threshold 5, backoff 1 s"
 */
/**
 * Below this a wait counts as an immediate retry: IMMEDIATE_MS, or half the chain's typical
 * backoff when that is more (a busy machine or network stretches an immediate retry by hundreds
 * of milliseconds, never to half a backoff).
 */
function immediateCut(gaps: number[]): number {
  const longer = gaps.filter((g) => g >= IMMEDIATE_MS);
  return longer.length === 0 ? IMMEDIATE_MS : Math.max(IMMEDIATE_MS, median(longer) / 2);
}

export function fitDistribution(record: ChainRecord, profile: SenderProfile): ScheduleFit {
  const gaps = waits(record, profile.timeoutMs);
  const cut = immediateCut(gaps);
  let immediate = 0;
  while (immediate < gaps.length && gaps[immediate]! < cut) immediate += 1;
  if (immediate === gaps.length) {
    const n = record.attempts.length;
    return {
      explanation:
        n <= 1
          ? null
          : `matches distribution: ${n} attempts at once, as with a threshold of ${n} or more (default 10)`,
      deviations: [],
    };
  }
  const backoffs = gaps.slice(immediate);
  const backoffMs = median(backoffs);
  const slack = Math.max(backoffMs * BACKOFF_SLACK, IMMEDIATE_MS);
  const deviations: string[] = [];
  backoffs.forEach((gap, i) => {
    if (Math.abs(gap - backoffMs) <= slack) return;
    const k = immediate + i + 1;
    deviations.push(
      `attempt ${k + 1} came ${formatMs(gap)} after attempt ${k} was answered; after its first ` +
        `${immediate + 1} attempts distribution waits the same backoff each time (here ~${formatMs(backoffMs)})`,
    );
  });
  return {
    explanation: deviations.length === 0 ? configuration(immediate + 1, backoffMs) : null,
    deviations,
  };
}

/** Harbor's retry queue is polled, so a retry may come a little after its backoff ends. */
const HARBOR_SLACK_MS = 5_000;

/** gocraft/work's backoff after `fails` failures: fails^4 + 15 + rand(0..29) * (fails + 1) seconds (REPORT.md §5.1). */
export function harborBackoffRange(fails: number): { minMs: number; maxMs: number } {
  const base = fails ** 4 + 15;
  return { minMs: base * 1000, maxMs: (base + 29 * (fails + 1)) * 1000 };
}

/**
 * Harbor's waits against gocraft/work's backoff, and how many attempts its configuration allows
 * (`webhook_job_max_retry`, 3 by default): more attempts than 3 mean a larger setting, not a deviation.
 */
export function fitHarbor(record: ChainRecord, profile: SenderProfile): ScheduleFit {
  const gaps = waits(record, profile.timeoutMs);
  const deviations: string[] = [];
  gaps.forEach((gap, i) => {
    const { minMs, maxMs } = harborBackoffRange(i + 1);
    if (gap >= minMs - HARBOR_SLACK_MS && gap <= maxMs + HARBOR_SLACK_MS) return;
    deviations.push(
      `attempt ${i + 2} came ${formatMs(gap)} after attempt ${i + 1} was answered; ` +
        `Harbor waits ${formatMs(minMs)}–${formatMs(maxMs)} after failure ${i + 1}`,
    );
  });
  if (deviations.length > 0) return { explanation: null, deviations };
  const n = record.attempts.length;
  const limit = profile.retry.attempts ?? 3;
  return {
    explanation:
      n > limit
        ? `matches Harbor with webhook_job_max_retry of at least ${n} (the default is ${limit})`
        : "matches Harbor's backoff (webhook_job_max_retry 3 by default)",
    deviations,
  };
}
