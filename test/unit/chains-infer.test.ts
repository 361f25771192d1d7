// distribution's configuration read off a chain: immediate retries up to its threshold, then one
// per backoff (REPORT.md §4.2). "deviates" only when no configuration explains the waits. Harbor's
// waits against gocraft/work's backoff ranges, edges included (REPORT.md §5.1).
import { describe, expect, it } from "vitest";
import { SENDER_PROFILES } from "../../server/core/catalog/profiles.ts";
import { configuredBackoff, fitDistribution, fitHarbor } from "../../server/core/chains/infer.ts";
import type { AttemptRecord, ChainRecord } from "../../server/core/chains/view.ts";
import { toChainView } from "../../server/core/chains/view.ts";

const T0 = Date.parse("2026-12-01T10:00:00Z");
const PROFILE = SENDER_PROFILES.distribution;

/** A chain whose attempt k+1 comes `waits[k]` ms after attempt k; the last attempt gets `last`. */
function chain(waits: number[], opts: { last?: number; delays?: number[] } = {}): ChainRecord {
  const attempts: AttemptRecord[] = [];
  let at = T0;
  for (let k = 0; k <= waits.length; k++) {
    const delayMs = opts.delays?.[k] ?? 0;
    attempts.push({
      deliveryId: `d${k}`,
      at,
      status: k === waits.length ? (opts.last ?? 503) : 503,
      attempt: k + 1,
      delayMs,
    });
    at += delayMs + (waits[k] ?? 0);
  }
  return {
    id: "c1",
    endpoint: "ci",
    identity: "x",
    registry: "distribution",
    event: "push",
    createdAt: T0,
    assigned: attempts.length,
    attempts,
  };
}

/** distribution's schedule for a configuration: (threshold - 1) immediate retries, then backoffs. */
const schedule = (threshold: number, backoffMs: number, failures: number) =>
  Array.from({ length: failures }, (_, k) =>
    k + 1 < threshold ? 12 + (k % 3) * 7 : backoffMs + (k % 2) * 40,
  );

describe("fitDistribution", () => {
  it("names threshold 5 and backoff 1 s for 8 failures then a success", () => {
    const record = chain(schedule(5, 1000, 8), { last: 200 });
    expect(fitDistribution(record, PROFILE)).toEqual({
      explanation: "matches distribution with threshold 5, backoff 1 s",
      deviations: [],
    });
    const view = toChainView(record, PROFILE);
    expect(view.outcome).toBe("delivered");
    expect(view.profile.verdict).toBe("matches");
    expect(view.profile.notes[0]).toBe("matches distribution with threshold 5, backoff 1 s");
  });

  it("recognises the defaults, threshold 10 and backoff 1 s", () => {
    const view = toChainView(chain(schedule(10, 1000, 12)), PROFILE);
    expect(view.profile).toMatchObject({
      verdict: "matches",
      notes: expect.arrayContaining(["matches distribution's defaults (threshold 10, backoff 1 s)"]),
    });
  });

  it("reads other backoffs and thresholds, with our delays taken out of the waits", () => {
    const waits = schedule(3, 5000, 6);
    const delays = [400, 0, 0, 250, 0, 0, 0];
    expect(fitDistribution(chain(waits, { delays }), PROFILE).explanation).toBe(
      "matches distribution with threshold 3, backoff 5 s",
    );
  });

  it("says deviates when no configuration explains the waits", () => {
    // a backoff that doubles is no distribution configuration
    const fit = fitDistribution(chain([10, 10, 1000, 2000, 4000, 8000]), PROFILE);
    expect(fit.explanation).toBeNull();
    expect(fit.deviations.length).toBeGreaterThan(0);
    expect(fit.deviations[0]).toMatch(/distribution waits the same backoff each time/);
    expect(toChainView(chain([10, 10, 1000, 2000, 4000, 8000]), PROFILE).profile.verdict).toBe("deviates");
  });

  it("names the threshold and backoff when only the threshold is distribution's default", () => {
    expect(fitDistribution(chain(schedule(10, 5000, 12)), PROFILE).explanation).toBe(
      "matches distribution with threshold 10, backoff 5 s",
    );
  });

  it("explains nothing about a single attempt", () => {
    expect(fitDistribution(chain([]), PROFILE)).toEqual({ explanation: null, deviations: [] });
  });

  it("says how many attempts came at once while the threshold is not reached", () => {
    expect(fitDistribution(chain([5, 9, 7]), PROFILE).explanation).toBe(
      "matches distribution: 4 attempts at once, as with a threshold of 4 or more (default 10)",
    );
  });
});

describe("fitDistribution on a busy machine", () => {
  it("still counts immediate retries slowed by a few hundred milliseconds as immediate", () => {
    // threshold 5, backoff 1 s, each immediate retry stretched to 350-450 ms
    const waits = [350, 420, 380, 450, 1000, 1040, 990, 1010];
    expect(fitDistribution(chain(waits, { last: 200 }), PROFILE).explanation).toBe(
      "matches distribution with threshold 5, backoff 1 s",
    );
  });

  it("takes our own time to answer out of the waits (a slow disk, a first-time schema compile)", () => {
    // threshold 5, backoff 1 s; our first answer took 1.4 s to be ready, the retry came 60 ms after it
    const record = chain([1460, 70, 86, 75, 1078, 1030, 1148, 1048], { last: 200 });
    expect(fitDistribution(record, PROFILE).explanation).toBeNull();
    record.attempts[0]!.readyAt = T0 + 1400;
    expect(fitDistribution(record, PROFILE)).toEqual({
      explanation: "matches distribution with threshold 5, backoff 1 s",
      deviations: [],
    });
  });

  it.each([
    [1078, 1000],
    [1148, 1000],
    [1500, 1500],
    [2290, 2000],
    [5800, 5800],
    [540, 500],
    [260, 300],
    [1150, 1000],
    [850, 800],
  ])("reads a measured backoff of %i ms as the setting %i ms", (measured, setting) => {
    expect(configuredBackoff(measured)).toBe(setting);
  });
});

describe("fitHarbor", () => {
  const HARBOR = SENDER_PROFILES.harbor;

  it.each([
    [[20_000, 40_000], "matches Harbor's backoff (webhook_job_max_retry 3 by default)"],
    // 16–74 s after the first failure, give or take the queue's 5 s poll
    [[11_000], "matches Harbor's backoff (webhook_job_max_retry 3 by default)"],
    [[79_000], "matches Harbor's backoff (webhook_job_max_retry 3 by default)"],
    [[20_000, 40_000, 100_000], "matches Harbor with webhook_job_max_retry of at least 4 (the default is 3)"],
  ])("explains waits of %j", (waits, explanation) => {
    expect(fitHarbor(chain(waits), HARBOR)).toEqual({ explanation, deviations: [] });
  });

  it.each([
    [[10_999], "attempt 2 came 11 s after attempt 1 was answered; Harbor waits 16 s–74 s after failure 1"],
    [[79_001], "attempt 2 came 79 s after attempt 1 was answered; Harbor waits 16 s–74 s after failure 1"],
    [
      [20_000, 25_999],
      "attempt 3 came 26 s after attempt 2 was answered; Harbor waits 31 s–118 s after failure 2",
    ],
  ])("names the wait of %j that Harbor's backoff cannot explain", (waits, deviation) => {
    expect(fitHarbor(chain(waits), HARBOR)).toEqual({ explanation: null, deviations: [deviation] });
  });
});
