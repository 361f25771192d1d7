// Turns a chain's attempts into the ChainView the console serves: intervals, outcome, and the
// comparison with the sender's documented schedule (SPEC "Retry analysis").

import type { ChainView, RegistryId, SenderProfile } from "../../contract/types.ts";
import { REGISTRY_LABELS } from "../../contract/types.ts";
import { isFinal, isSuccess } from "../catalog/profiles.ts";
import { formatMs } from "./format.ts";
import { fitDistribution, fitHarbor } from "./infer.ts";
import { fitGitlab } from "./infer-gitlab.ts";
import { MANUAL_REDELIVERY, outcomeNotes } from "./notes.ts";

export interface AttemptRecord {
  deliveryId: string;
  at: number;
  status: number;
  attempt: number;
  /** How long we held the answer back; the sender's next wait starts after it (capped by its timeout). */
  delayMs?: number;
  /** We never answered: the sender waited its full timeout. */
  hung?: boolean;
  /**
   * When the answer was ready (stored, before any forced delay). Our own time to answer is not
   * the sender's wait: a slow disk or a first-time schema compile must not read as a backoff.
   */
  readyAt?: number;
}

/** How long the sender waited for our answer to `attempt`: our own time, any forced delay, at most its timeout. */
export function answerTime(attempt: AttemptRecord, timeoutMs: number): number {
  if (attempt.hung) return timeoutMs;
  const own = Math.max(0, (attempt.readyAt ?? attempt.at) - attempt.at);
  return Math.min(own + (attempt.delayMs ?? 0), timeoutMs);
}

export interface ChainRecord {
  id: string;
  endpoint: string;
  identity: string;
  registry: RegistryId | null;
  event: string | null;
  createdAt: number;
  /** Highest attempt number handed out, recorded or not. */
  assigned: number;
  attempts: AttemptRecord[];
  /** The chain on the same endpoint created just before this one (distribution's serial queue). */
  previous?: string;
}

/** Scheduling jitter always allowed, so "immediate" retries a few ms apart still match. */
const MIN_SLACK_MS = 1000;

/** Whether the sender counts `status` as delivered; an unknown sender is assumed to want a 2xx. */
export function countsAsSuccess(profile: SenderProfile | undefined, status: number): boolean {
  return profile ? isSuccess(profile, status) : status >= 200 && status < 300;
}

/** The first answer after which the sender stops without success (EventBridge's 400), if any. */
export function finalAttempt(profile: SenderProfile | undefined, attempts: readonly AttemptRecord[]) {
  return profile ? attempts.findIndex((a) => isFinal(profile, a.status)) : -1;
}

const sameRatio = (a: number, b: number) => Math.abs(a / b - 1) < 0.01;

/** Runs of waits in words: "9× immediately", "~1 s growing ×1.5 to ~38.4 s", "~8.2 min". */
function describeWaits(intervalsMs: readonly number[]): string[] {
  const words: string[] = [];
  const wait = (ms: number) => (ms === 0 ? "immediately" : `~${formatMs(ms)}`);
  for (let i = 0; i < intervalsMs.length; ) {
    const value = intervalsMs[i]!;
    let j = i + 1;
    while (intervalsMs[j] === value) j++;
    if (j - i > 1) {
      words.push(`${j - i}× ${wait(value)}`);
      i = j;
      continue;
    }
    // a geometric run (exponential backoff) of three or more waits reads as its ends and factor
    const ratio = value > 0 ? (intervalsMs[i + 1] ?? 0) / value : 0;
    j = i + 1;
    while (ratio > 1 && j < intervalsMs.length && sameRatio(intervalsMs[j]! / intervalsMs[j - 1]!, ratio))
      j++;
    if (j - i >= 3) {
      words.push(`${wait(value)} growing ×${Math.round(ratio * 10) / 10} to ${wait(intervalsMs[j - 1]!)}`);
      i = j;
    } else {
      words.push(wait(value));
      i += 1;
    }
  }
  return words;
}

/** The sender's schedule in one sentence, e.g. "3 attempts, ~30 s apart, 10 s timeout". */
export function describeExpected(profile: SenderProfile | undefined): string {
  if (!profile) return "unknown sender: no documented schedule to compare with";
  const label = REGISTRY_LABELS[profile.registry];
  if (profile.source === "measured-only") return `${label} does not document its retries: measured here only`;
  const { attempts, intervalsMs } = profile.retry;
  const parts = [
    attempts === null
      ? "retries until delivered"
      : attempts === 1
        ? "one attempt, no retries"
        : `${attempts} attempts`,
  ];
  const first = intervalsMs[0];
  if (first !== undefined && intervalsMs.every((v) => v === first)) {
    parts.push(first === 0 ? "immediately" : `~${formatMs(first)} apart`);
  } else if (first !== undefined) {
    const repeats = attempts === null || intervalsMs.length < attempts - 1;
    parts.push(
      `waits ${describeWaits(intervalsMs).join(", then ")}${repeats ? " (the last wait repeats)" : ""}`,
    );
  }
  if (profile.final === "not-429-or-5xx") parts.push("only 429, 5xx and timeouts retried");
  parts.push(`${formatMs(profile.timeoutMs)} timeout`);
  return parts.join(", ");
}

/** Deviations of the observed attempts from the documented schedule, as sentences. */
function compare(record: ChainRecord, profile: SenderProfile): string[] {
  const label = REGISTRY_LABELS[profile.registry];
  const { attempts: maxAttempts, intervalsMs, tolerance } = profile.retry;
  const deviations: string[] = [];
  if (
    maxAttempts !== null &&
    record.attempts.length > maxAttempts &&
    !MANUAL_REDELIVERY.has(profile.registry)
  ) {
    deviations.push(`${record.attempts.length} attempts; ${label} makes at most ${maxAttempts}`);
  }
  const final = finalAttempt(profile, record.attempts);
  if (final !== -1 && final < record.attempts.length - 1) {
    const status = record.attempts[final]!.status;
    deviations.push(`attempt ${final + 2} came after a ${status}, which ${label} does not retry`);
  }
  for (let k = 1; k < record.attempts.length; k++) {
    const previous = record.attempts[k - 1]!;
    const current = record.attempts[k]!;
    // the last documented wait repeats (EventBridge's and Pub/Sub's capped backoff)
    const wait = intervalsMs[k - 1] ?? intervalsMs.at(-1);
    if (wait === undefined) continue;
    // The sender's wait starts once it has our answer, or gives up at its timeout.
    const answered = answerTime(previous, profile.timeoutMs);
    const observed = current.at - previous.at;
    const slack = Math.max(wait * tolerance, MIN_SLACK_MS);
    if (Math.abs(observed - (wait + answered)) <= slack) continue;
    const after = answered > 0 ? ` after the ${formatMs(answered)} it waited for our answer` : "";
    deviations.push(
      `attempt ${k + 1} came ${formatMs(observed)} after attempt ${k}; ${label} waits ` +
        `~${formatMs(wait)} (±${Math.round(tolerance * 100)}%)${after}`,
    );
  }
  return deviations;
}

/** The chain against the sender's schedule; distribution's is read off the chain (its configuration varies). */
function judge(
  record: ChainRecord,
  profile: SenderProfile,
): { explanation: string | null; deviations: string[] } {
  if (profile.registry === "distribution") return fitDistribution(record, profile);
  if (profile.registry === "harbor") return fitHarbor(record, profile);
  if (profile.registry === "gitlab") return fitGitlab(record, profile);
  return { explanation: null, deviations: compare(record, profile) };
}

/**
 * The documented number of attempts, or null. Measured-only profiles have no limit: their retries
 * are exactly what the chain is there to measure.
 */
export function attemptLimit(profile: SenderProfile | undefined, seen = 0): number | null {
  if (profile?.source !== "documented") return null;
  // Harbor's and GitLab's limits are settings (webhook_job_max_retry, maxretries): more attempts
  // than the default mean a larger one
  const configurable = profile.registry === "harbor" || profile.registry === "gitlab";
  if (configurable && profile.retry.attempts !== null && seen > profile.retry.attempts) return null;
  return profile.retry.attempts;
}

/** The public view of one chain, judged against `profile` (undefined for an unknown sender). */
export function toChainView(
  record: ChainRecord,
  profile: SenderProfile | undefined,
  extraNotes: readonly string[] = [],
): ChainView {
  const attempts = record.attempts;
  const delivered = attempts.some((a) => countsAsSuccess(profile, a.status));
  const limit = attemptLimit(profile, attempts.length);
  // a final answer (EventBridge's 400) ends the chain as surely as the last attempt
  const stopped = (limit !== null && attempts.length >= limit) || finalAttempt(profile, attempts) !== -1;
  const outcome = delivered ? "delivered" : stopped ? "gave-up" : "failing";
  const intervalsMs = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
  const documented = profile !== undefined && profile.source === "documented";
  const { explanation, deviations } = documented
    ? judge(record, profile)
    : { explanation: null, deviations: [] };
  const notes = [
    ...(explanation ? [explanation] : []),
    ...deviations,
    ...outcomeNotes(record, profile, outcome),
    ...extraNotes,
  ];
  return {
    id: record.id,
    endpoint: record.endpoint,
    registry: record.registry,
    event: record.event,
    attempts: attempts.map((a) => ({
      deliveryId: a.deliveryId,
      at: new Date(a.at).toISOString(),
      status: a.status,
    })),
    intervalsMs,
    outcome,
    profile: {
      registry: record.registry,
      expected: describeExpected(profile),
      verdict: !documented ? "unknown" : deviations.length > 0 ? "deviates" : "matches",
      notes,
    },
  };
}
