// The registry simulator: sends a body the way a registry does — its User-Agent, Content-Type,
// client-certificate habit, timeout, success codes and retry schedule — and reports each attempt.
// Every attempt goes out through the guarded outbound module.

import type { RegistryId, SenderProfile } from "../contract/index.ts";
import { isFinal, isSuccess, SENDER_PROFILES } from "../core/catalog/profiles.ts";
import {
  assertAllowedTarget,
  createOutbound,
  describeNetworkError,
  type Outbound,
  type OutboundLookup,
  type OutboundTls,
} from "../outbound/index.ts";
import { type HeaderPlan, planHeaders } from "./headers.ts";

/** Cap for senders that retry until delivered (distribution, Pub/Sub), so a simulated run ends. */
export const FOREVER_CAP = 10;

export interface SendAttempt {
  n: number;
  at: string;
  status: number | null;
  error?: string;
  durationMs: number;
  success: boolean;
  /** The schedule's sender stops at this answer without success (EventBridge's 400). */
  final?: true;
  /** Wait before the next attempt, already scaled. */
  nextInMs: number | null;
}

export interface SendOptions {
  registry: RegistryId;
  body: Buffer;
  to: URL;
  /** Retry like this registry; "none" sends once. Default: the sending registry's own. */
  retry?: RegistryId | "none";
  timeScale?: number;
  cert?: { cert: string; key: string };
  ca?: string[];
  insecure?: boolean;
  /** Caps the attempts of any schedule (EventBridge's 185 over 24 h); FOREVER_CAP when it has no end. */
  maxAttempts?: number;
  /** The sample's own headers (its `.headers` sidecar), sent over the profile's defaults. */
  headers?: readonly [string, string][];
  onAttempt?: (a: SendAttempt) => void;
  signal?: AbortSignal;
  /** Resolves the target's host name (default: the system resolver); tests inject one. */
  lookup?: OutboundLookup;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });

export function profileFor(registry: RegistryId): SenderProfile {
  return SENDER_PROFILES[registry];
}

/**
 * How many attempts a run makes under `schedule` (null: --retry none). A sender whose retries are
 * undocumented (Artifactory, Alibaba, Chainguard, MSR) is simulated with one attempt: inventing a
 * schedule would teach the wrong thing; one that retries until delivered stops at `maxAttempts`.
 * @example plannedAttempts(profileFor("gitlab")) // 11
 */
export function plannedAttempts(schedule: SenderProfile | null, maxAttempts?: number): number {
  const cap = maxAttempts ?? Infinity;
  if (!schedule) return 1;
  const { attempts } = schedule.retry;
  if (attempts !== null) return Math.min(attempts, cap);
  return schedule.source === "measured-only" ? 1 : Math.min(FOREVER_CAP, cap);
}

/** The documented wait after attempt `n` (1-based), unscaled; the last listed wait repeats. */
export function waitAfter(schedule: SenderProfile, n: number): number {
  const intervals = schedule.retry.intervalsMs;
  return intervals[n - 1] ?? intervals.at(-1) ?? 0;
}

/** One POST on a fresh connection (and TLS handshake), as the registries' clients make. */
async function attemptOnce(
  outbound: Outbound,
  tls: OutboundTls,
  opts: SendOptions,
  sender: SenderProfile,
  headers: HeaderPlan,
) {
  const agent = outbound.freshAgent(tls);
  const started = performance.now();
  const at = new Date().toISOString();
  let status: number | null = null;
  let error: { code: string; message: string } | undefined;
  try {
    const res = await outbound.request(
      opts.to,
      {
        method: "POST",
        headers: headers.forAttempt(),
        body: opts.body,
        headersTimeout: sender.timeoutMs,
        bodyTimeout: sender.timeoutMs,
      },
      agent,
    );
    await res.body.dump();
    status = res.statusCode;
  } catch (e) {
    error = describeNetworkError(e, opts.to);
  } finally {
    await agent.destroy();
  }
  return { at, status, error, durationMs: Math.round(performance.now() - started) };
}

export async function sendLikeRegistry(
  opts: SendOptions,
): Promise<{ delivered: boolean; attempts: SendAttempt[] }> {
  const sender = profileFor(opts.registry);
  const schedule = opts.retry === "none" ? null : profileFor(opts.retry ?? opts.registry);
  const total = plannedAttempts(schedule, opts.maxAttempts);
  const headers = planHeaders(sender, opts.headers ?? []);
  const scale = opts.timeScale ?? 1;
  // A refused target (link-local, metadata) is refused before the first attempt.
  assertAllowedTarget(opts.to);
  const outbound = createOutbound(opts.lookup ? { lookup: opts.lookup } : {});
  const tls: OutboundTls = {
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.cert ? { cert: opts.cert } : {}),
    insecure: !!opts.insecure,
    ...(opts.to.hostname === "127.0.0.1" ? { servername: "localhost" } : {}),
  };
  const attempts: SendAttempt[] = [];
  for (let n = 1; n <= total && !opts.signal?.aborted; n++) {
    const { at, status, error, durationMs } = await attemptOnce(outbound, tls, opts, sender, headers);
    const success = status !== null && isSuccess(schedule ?? sender, status);
    // a refusal is not transient, and a final answer (EventBridge's 400) is not retried
    const final = status !== null && schedule !== null && isFinal(schedule, status);
    const last = n === total || final || error?.code === "EFORBIDDENADDR";
    const wait = success || last || !schedule ? null : Math.round(waitAfter(schedule, n) * scale);
    const attempt: SendAttempt = {
      n,
      at,
      status,
      ...(error ? { error: error.message } : {}),
      durationMs,
      success,
      ...(final ? { final: true as const } : {}),
      nextInMs: wait,
    };
    attempts.push(attempt);
    opts.onAttempt?.(attempt);
    if (success) return { delivered: true, attempts };
    if (last) break;
    if (wait !== null) await sleep(wait, opts.signal);
  }
  return { delivered: false, attempts };
}

export function describeAttempt(a: SendAttempt): string {
  const outcome = a.status !== null ? `HTTP ${a.status}` : `failed: ${a.error}`;
  const next =
    a.nextInMs !== null ? `; retrying in ${(a.nextInMs / 1000).toFixed(a.nextInMs < 1000 ? 2 : 1)} s` : "";
  const end = a.success ? " — delivered" : a.final ? " — final: this sender does not retry it" : "";
  return `attempt ${a.n}: ${outcome} in ${a.durationMs} ms${end}${next}`;
}
