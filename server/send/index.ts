// The registry simulator: sends a body the way a registry does — its User-Agent, Content-Type,
// client-certificate habit, timeout, success codes and retry schedule — and reports each attempt.
import { rootCertificates } from "node:tls";
import { Agent, request } from "undici";
import { isSuccess, SENDER_PROFILES } from "../catalog/profiles.ts";
import type { RegistryId, SenderProfile } from "../contract/index.ts";
import { describeNetworkError } from "../replay/errors.ts";
import { assertAllowedLiteral } from "../replay/target.ts";

/** Cap for senders that retry forever (distribution), so a simulated run ends. */
export const FOREVER_CAP = 10;

export interface SendAttempt {
  n: number;
  at: string;
  status: number | null;
  error?: string;
  durationMs: number;
  success: boolean;
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
  maxAttempts?: number;
  onAttempt?: (a: SendAttempt) => void;
  signal?: AbortSignal;
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

export async function sendLikeRegistry(
  opts: SendOptions,
): Promise<{ delivered: boolean; attempts: SendAttempt[] }> {
  const sender = profileFor(opts.registry);
  const schedule = opts.retry === "none" ? null : profileFor(opts.retry ?? opts.registry);
  const total = schedule ? (schedule.retry.attempts ?? opts.maxAttempts ?? FOREVER_CAP) : 1;
  const scale = opts.timeScale ?? 1;
  // A fresh connection (and TLS handshake) per attempt, as the registries' clients make.
  const newAgent = () =>
    new Agent({
      connect: {
        ca: [...rootCertificates, ...(opts.ca ?? [])],
        rejectUnauthorized: !opts.insecure,
        ...(opts.cert ? { cert: opts.cert.cert, key: opts.cert.key } : {}),
        ...(opts.to.hostname === "127.0.0.1" ? { servername: "localhost" } : {}),
      },
    });
  assertAllowedLiteral(opts.to);
  const attempts: SendAttempt[] = [];
  for (let n = 1; n <= total && !opts.signal?.aborted; n++) {
    const agent = newAgent();
    const started = performance.now();
    const at = new Date().toISOString();
    let status: number | null = null;
    let error: string | undefined;
    try {
      const res = await request(opts.to, {
        method: "POST",
        headers: { "user-agent": sender.userAgent, "content-type": sender.contentType },
        body: opts.body,
        dispatcher: agent,
        headersTimeout: sender.timeoutMs,
        bodyTimeout: sender.timeoutMs,
      });
      await res.body.dump();
      status = res.statusCode;
    } catch (e) {
      error = describeNetworkError(e, opts.to).message;
    } finally {
      await agent.destroy();
    }
    const success = status !== null && isSuccess(schedule ?? sender, status);
    const intervals = schedule?.retry.intervalsMs ?? [];
    const wait =
      success || n === total ? null : Math.round((intervals[n - 1] ?? intervals.at(-1) ?? 0) * scale);
    const attempt: SendAttempt = {
      n,
      at,
      status,
      ...(error ? { error } : {}),
      durationMs: Math.round(performance.now() - started),
      success,
      nextInMs: wait,
    };
    attempts.push(attempt);
    opts.onAttempt?.(attempt);
    if (success) return { delivered: true, attempts };
    if (wait !== null) await sleep(wait, opts.signal);
  }
  return { delivered: false, attempts };
}

export function describeAttempt(a: SendAttempt): string {
  const outcome = a.status !== null ? `HTTP ${a.status}` : `failed: ${a.error}`;
  const next =
    a.nextInMs !== null ? `; retrying in ${(a.nextInMs / 1000).toFixed(a.nextInMs < 1000 ? 2 : 1)} s` : "";
  return `attempt ${a.n}: ${outcome} in ${a.durationMs} ms${a.success ? " — delivered" : ""}${next}`;
}
