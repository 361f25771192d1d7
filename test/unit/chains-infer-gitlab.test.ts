// GitLab's configuration read off a chain: waits growing ×1.5 from `backoff` with ±50 % jitter,
// up to `maxretries` retries (more/REPORT.md §7.1). "deviates" only when no backoff explains them.
import { describe, expect, it } from "vitest";
import { SENDER_PROFILES } from "../../server/core/catalog/profiles.ts";
import { fitGitlab } from "../../server/core/chains/infer-gitlab.ts";
import type { AttemptRecord, ChainRecord } from "../../server/core/chains/view.ts";
import { toChainView } from "../../server/core/chains/view.ts";

const T0 = Date.parse("2026-12-01T10:00:00Z");
const PROFILE = SENDER_PROFILES.gitlab;

/** A failing GitLab chain whose attempt k+1 comes `waits[k]` ms after attempt k. */
function chain(waits: number[]): ChainRecord {
  const attempts: AttemptRecord[] = [];
  let at = T0;
  for (let k = 0; k <= waits.length; k++) {
    attempts.push({ deliveryId: `g${k}`, at, status: 503, attempt: k + 1 });
    at += waits[k] ?? 0;
  }
  const record = { id: "c1", endpoint: "gl", identity: "x", registry: "gitlab" as const, event: "push" };
  return { ...record, createdAt: T0, assigned: attempts.length, attempts };
}

/** backoff × 1.5^k, each scaled by a jitter factor in 0.5..1.5. */
const schedule = (backoffMs: number, jitter: number[]) => jitter.map((j, k) => backoffMs * 1.5 ** k * j);

describe("GitLab's schedule read off a chain", () => {
  it("matches the defaults with jittered waits growing from 1 s", () => {
    const view = toChainView(chain(schedule(1_000, [1.4, 0.6, 1.2, 0.8, 1, 1.3, 0.7])), PROFILE);
    expect(view.profile.verdict).toBe("matches");
    expect(view.profile.notes[0]).toBe("matches GitLab's defaults (backoff 1 s, ×1.5 per retry)");
  });

  it("reads a configured backoff of 4 s as a match naming it", () => {
    const view = toChainView(chain(schedule(4_000, [1.1, 0.9, 1, 1.2, 0.8])), PROFILE);
    expect(view.profile.verdict).toBe("matches");
    expect(view.profile.notes[0]).toBe("matches GitLab with backoff 4 s");
  });

  it("reads 14 attempts as a larger maxretries, still failing rather than given up", () => {
    const view = toChainView(chain(schedule(1_000, Array(13).fill(1))), PROFILE);
    expect(view.profile.verdict).toBe("matches");
    expect(view.outcome).toBe("failing");
    expect(view.profile.notes[0]).toBe(
      "matches GitLab's defaults (backoff 1 s, ×1.5 per retry), with maxretries 13 or more (default 10)",
    );
  });

  it("flags evenly spaced retries: GitLab's waits grow", () => {
    const view = toChainView(chain(Array(8).fill(10_000)), PROFILE);
    expect(view.profile.verdict).toBe("deviates");
    expect(
      view.profile.notes.some((n) => n.startsWith("attempt 9 came 10 s after attempt 8 was answered")),
    ).toBe(true);
  });

  it("names every wait that does not fit, too short as well as too long", () => {
    const { explanation, deviations } = fitGitlab(chain(Array(8).fill(10_000)), PROFILE);
    expect(explanation).toBeNull();
    expect(deviations).toHaveLength(5);
    expect(deviations[0]).toBe(
      "attempt 2 came 10 s after attempt 1 was answered; GitLab waits ~3 s (±50%) there, growing ×1.5 from a 3 s backoff",
    );
    expect(deviations[4]).toBe(
      "attempt 9 came 10 s after attempt 8 was answered; GitLab waits ~50.6 s (±50%) there, growing ×1.5 from a 3 s backoff",
    );
  });

  it("takes a wait at the jitter's lower edge, and flags one a millisecond shorter", () => {
    // a 2 s backoff: the second wait may be 3 s × 0.5 - 0.5 s = 1 s at the least
    expect(fitGitlab(chain([2_000, 1_000]), PROFILE)).toEqual({
      explanation: "matches GitLab with backoff 2 s",
      deviations: [],
    });
    expect(fitGitlab(chain([2_000, 999]), PROFILE).deviations).toEqual([
      "attempt 3 came 999 ms after attempt 2 was answered; GitLab waits ~3 s (±50%) there, growing ×1.5 from a 2 s backoff",
    ]);
  });

  it("says nothing of maxretries at exactly the default 11 attempts, nor of a single attempt", () => {
    const eleven = fitGitlab(chain(schedule(1_000, Array(10).fill(1))), PROFILE);
    expect(eleven.explanation).toBe("matches GitLab's defaults (backoff 1 s, ×1.5 per retry)");
    expect(fitGitlab(chain([]), PROFILE)).toEqual({ explanation: null, deviations: [] });
  });
});
