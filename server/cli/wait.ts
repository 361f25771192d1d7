// `quayside wait`: polls the console's /api/chains until an endpoint has seen an event (with enough
// attempts and outcome), so CI can assert on real registry retries. Exit 0 when seen, 1 on timeout,
// 2 when the console refuses the token.
import { setTimeout as sleep } from "node:timers/promises";
import type { ChainView } from "../contract/types.ts";
import { formatMs } from "../core/chains/format.ts";
import { refused, unreachable } from "./console-target.ts";

export const OUTCOMES = ["delivered", "gave-up", "failing"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface WaitOptions {
  /** Console base URL, e.g. http://127.0.0.1:4400. */
  console: string;
  endpoint: string;
  /** "registry/event" (e.g. "quay/repo_push") or just the event id. */
  event?: string;
  /** Minimum attempts in the chain (default 1). */
  attempts?: number;
  /** Only a chain with this outcome counts (e.g. "delivered": the sender has stopped retrying). */
  outcome?: Outcome;
  timeoutMs: number;
  json?: boolean;
  token?: string;
  /** Only chains whose first attempt came at or after this time (ms since epoch). */
  since?: number;
}

export interface WaitResult {
  exitCode: number;
  output: string;
}

/** How often the console is asked; cheap on loopback and well under any sender's retry interval. */
export const POLL_INTERVAL_MS = 250;
const REQUEST_TIMEOUT_MS = 5000;

/**
 * Parse "60s", "2m", "1500ms", "1h" or a bare number of seconds into milliseconds.
 * @example parseDuration("2m") // 120000
 */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (!match) throw new RangeError(`not a duration: "${text}" (use e.g. 1500ms, 60s, 2m)`);
  const unit = (match[2] ?? "s").toLowerCase();
  const factor = unit === "ms" ? 1 : unit === "s" ? 1000 : unit === "m" ? 60_000 : 3_600_000;
  return Math.round(Number(match[1]) * factor);
}

/**
 * `--since`: "now", an ISO time, or a duration meaning that long ago. Returns ms since the epoch.
 * @example parseSince("10m", Date.parse("2025-05-01T10:10:00Z")) // Date.parse("2025-05-01T10:00:00Z")
 */
export function parseSince(text: string, now: number): number {
  if (text.trim().toLowerCase() === "now") return now;
  try {
    return now - parseDuration(text);
  } catch {
    // not a duration: try a time
  }
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new RangeError(`not a time: "${text}" (use now, 10m or 2025-05-01T10:00:00Z)`);
  return at;
}

function matchesEvent(chain: ChainView, event: string | undefined): boolean {
  if (event === undefined) return true;
  const slash = event.indexOf("/");
  if (slash === -1) return chain.event === event;
  return chain.registry === event.slice(0, slash) && chain.event === event.slice(slash + 1);
}

function statusText(status: number): string {
  return status === 0 ? "no answer (reset or hang)" : String(status);
}

/** One chain as text: a heading, one line per attempt with the interval, the verdict and notes. */
export function formatChain(chain: ChainView): string {
  const what =
    chain.registry && chain.event ? `${chain.registry}/${chain.event}` : (chain.event ?? "unknown event");
  const lines = [
    `chain ${chain.id} on ${chain.endpoint}: ${what}, ${chain.outcome} (${chain.attempts.length} attempts)`,
  ];
  chain.attempts.forEach((a, i) => {
    const when = i === 0 ? a.at : `+${formatMs(chain.intervalsMs[i - 1] ?? 0)}`;
    lines.push(`  attempt ${i + 1}  ${statusText(a.status).padEnd(4)}  ${when}`);
  });
  lines.push(`  expected: ${chain.profile.expected} (${chain.profile.verdict})`);
  for (const note of chain.profile.notes) lines.push(`  note: ${note}`);
  return lines.join("\n");
}

class FatalError extends Error {}

async function fetchChains(opts: WaitOptions, signal: AbortSignal | undefined): Promise<ChainView[]> {
  const url = new URL("/api/chains", opts.console);
  url.searchParams.set("endpoint", opts.endpoint);
  const headers: Record<string, string> = { accept: "application/json" };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(unreachable(opts.console, error));
  }
  if (response.status === 401 || response.status === 403) {
    throw new FatalError(refused(opts.console, response.status, !!opts.token));
  }
  if (!response.ok) throw new Error(`the console at ${opts.console} answered ${response.status}`);
  const body: unknown = await response.json();
  if (!Array.isArray(body)) throw new Error("the console's /api/chains answer is not a list");
  return body as ChainView[];
}

/** What is waited for, in words: "quay/repo_push with 3 attempts (delivered) on endpoint ci". */
function describeTarget(opts: WaitOptions): string {
  const n = opts.attempts ?? 1;
  const outcome = opts.outcome ? ` (${opts.outcome})` : "";
  return `${opts.event ?? "any event"} with ${n} attempt${n === 1 ? "" : "s"}${outcome} on endpoint ${opts.endpoint}`;
}

/** The timeout report: why nothing matched, and the chains that came closest. */
function timedOut(
  opts: WaitOptions,
  seen: ChainView[],
  lastError: string | null,
  reached: boolean,
): WaitResult {
  const message = `timed out after ${formatMs(opts.timeoutMs)} waiting for ${describeTarget(opts)}`;
  if (opts.json) {
    const error = lastError ? { lastError } : {};
    return {
      exitCode: 1,
      output: JSON.stringify({ timeout: true, message, reached, ...error, chains: seen }, null, 2),
    };
  }
  const lines = [message];
  if (lastError) lines.push(`last error: ${lastError}`);
  // Never having reached the console is the news: "no matching chains" would read as "nothing arrived".
  if (!reached) return { exitCode: 1, output: lines.join("\n") };
  const since = opts.since === undefined ? "" : ` since ${new Date(opts.since).toISOString()}`;
  const short = opts.outcome ? `the outcome ${opts.outcome} and ` : "";
  lines.push(
    seen.length === 0
      ? `seen: no matching chains${since}`
      : `seen: ${seen.length} matching chain(s)${since}, none with ${short}enough attempts`,
  );
  for (const chain of seen.slice(0, 5)) lines.push(formatChain(chain));
  return { exitCode: 1, output: lines.join("\n") };
}

/**
 * Wait until `endpoint` has a chain (of `event`, if given) with at least `attempts` attempts and,
 * if given, that `outcome`.
 * @returns exit code 0 with the chain printed, 1 on timeout with what was seen, 2 when refused.
 * @example await runWait({ console: "http://127.0.0.1:4400", endpoint: "ci", event: "quay/repo_push", timeoutMs: 60_000 })
 */
export async function runWait(opts: WaitOptions, signal?: AbortSignal): Promise<WaitResult> {
  const wanted = opts.attempts ?? 1;
  const deadline = Date.now() + opts.timeoutMs;
  let seen: ChainView[] = [];
  let lastError: string | null = null;
  let reached = false;
  const relevant = (c: ChainView) =>
    matchesEvent(c, opts.event) &&
    (opts.since === undefined || Date.parse(c.attempts[0]?.at ?? "") >= opts.since);
  const done = (c: ChainView) =>
    c.attempts.length >= wanted && (opts.outcome === undefined || c.outcome === opts.outcome);
  for (;;) {
    if (signal?.aborted) return { exitCode: 130, output: "wait aborted" };
    try {
      seen = (await fetchChains(opts, signal)).filter(relevant);
      reached = true;
      lastError = null;
      const found = seen.find(done);
      if (found)
        return { exitCode: 0, output: opts.json ? JSON.stringify(found, null, 2) : formatChain(found) };
    } catch (error) {
      if (error instanceof FatalError) return { exitCode: 2, output: error.message };
      if (signal?.aborted) return { exitCode: 130, output: "wait aborted" };
      // The console may still be starting: keep trying until the deadline.
      lastError = error instanceof Error ? error.message : String(error);
    }
    const left = deadline - Date.now();
    if (left <= 0) return timedOut(opts, seen, lastError, reached);
    try {
      await sleep(Math.min(POLL_INTERVAL_MS, left), undefined, { signal });
    } catch {
      return { exitCode: 130, output: "wait aborted" };
    }
  }
}
