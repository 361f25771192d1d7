// Chains judged against each sender's documented schedule: matches, deviations, forced delays.
import { describe, expect, it } from "vitest";
import { SENDER_PROFILES } from "../../server/core/catalog/profiles.ts";
import { createChainTracker, describeExpected } from "../../server/core/chains/index.ts";
import { deliver, PROFILES, profile, T0 } from "../helpers/chains.ts";

describe("comparison with the sender's schedule", () => {
  it("matches when the intervals are within tolerance", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, { at: T0, status: 503 });
    deliver(tracker, { at: T0 + 33_000, status: 503 });
    deliver(tracker, { at: T0 + 60_000, status: 200 });
    expect(tracker.get(a.chainId)).toMatchObject({
      intervalsMs: [33_000, 27_000],
      profile: {
        registry: "quay",
        expected: "3 attempts, ~30 s apart, 10 s timeout",
        verdict: "matches",
        notes: [],
      },
    });
  });

  it("deviates and says by how much when an attempt comes early", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, { at: T0, status: 503 });
    deliver(tracker, { at: T0 + 12_000, status: 200 });
    expect(tracker.get(a.chainId)?.profile).toMatchObject({
      verdict: "deviates",
      notes: ["attempt 2 came 12 s after attempt 1; Quay waits ~30 s (±20%)"],
    });
  });

  it("allows for the time the sender spent waiting on a hang or a delay", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const hung = deliver(tracker, { at: T0, status: 0, hung: true });
    deliver(tracker, { at: T0 + 40_000, status: 200 });
    expect(tracker.get(hung.chainId)?.profile.verdict).toBe("matches");
    const delayed = deliver(tracker, { key: "k2", at: T0, status: 503, delayMs: 4000 });
    deliver(tracker, { key: "k2", at: T0 + 34_000, status: 200 });
    expect(tracker.get(delayed.chainId)?.profile.verdict).toBe("matches");
    const plain = deliver(tracker, { key: "k3", at: T0, status: 0 });
    deliver(tracker, { key: "k3", at: T0 + 40_000, status: 200 });
    expect(tracker.get(plain.chainId)?.profile.notes[0]).toBe(
      "attempt 2 came 40 s after attempt 1; Quay waits ~30 s (±20%)",
    );
  });

  it("compares repeated waits for senders that retry forever", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    let first = "";
    for (let i = 0; i < 10; i++) {
      const { chainId } = deliver(tracker, {
        registry: "distribution",
        event: "push",
        at: T0 + i * 20,
        status: 500,
      });
      first ||= chainId;
    }
    deliver(tracker, { registry: "distribution", event: "push", at: T0 + 180 + 1100, status: 500 });
    deliver(tracker, { registry: "distribution", event: "push", at: T0 + 180 + 2200, status: 500 });
    expect(tracker.get(first)?.profile.verdict).toBe("matches");
    expect(tracker.get(first)?.profile.notes[0]).toBe(
      "matches distribution's defaults (threshold 10, backoff 1 s)",
    );
    deliver(tracker, { registry: "distribution", event: "push", at: T0 + 180 + 9000, status: 200 });
    expect(tracker.get(first)?.profile.verdict).toBe("deviates");
    expect(tracker.get(first)?.profile.notes[0]).toBe(
      "attempt 13 came 6.8 s after attempt 12 was answered; after its first 10 attempts distribution waits the same backoff each time (here ~1.1 s)",
    );
  });

  it("says unknown for DTR, which documents no retries", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, { registry: "dtr", event: "TAG_PUSH", at: T0, status: 500 });
    deliver(tracker, { registry: "dtr", event: "TAG_PUSH", at: T0 + 5000, status: 500 });
    expect(tracker.get(a.chainId)?.profile).toMatchObject({
      verdict: "unknown",
      notes: ["MSR / DTR does not document retries: these attempts are the measurement"],
    });
  });

  it("never closes a measured-only sender's chain for lack of attempts, so its retries stay in one chain", () => {
    const tracker = createChainTracker({
      profiles: {
        dockerhub: profile("dockerhub", { source: "measured-only" }, { attempts: 1, intervalsMs: [] }),
      },
    });
    const a = deliver(tracker, { registry: "dockerhub", event: "push", at: T0, status: 500 });
    expect(
      deliver(tracker, { registry: "dockerhub", event: "push", at: T0 + 9000, status: 500 }).attempt,
    ).toBe(2);
    expect(tracker.get(a.chainId)).toMatchObject({
      outcome: "failing",
      intervalsMs: [9000],
      profile: { verdict: "unknown" },
    });
  });

  it("notes Harbor's give-up", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, { registry: "harbor", event: "PUSH_ARTIFACT", at: T0, status: 500 });
    deliver(tracker, { registry: "harbor", event: "PUSH_ARTIFACT", at: T0 + 40_000, status: 500 });
    deliver(tracker, { registry: "harbor", event: "PUSH_ARTIFACT", at: T0 + 120_000, status: 500 });
    expect(tracker.get(a.chainId)).toMatchObject({ outcome: "gave-up", profile: { verdict: "matches" } });
    expect(tracker.get(a.chainId)?.profile.notes).toEqual([
      "matches Harbor's backoff (webhook_job_max_retry 3 by default)",
      expect.stringMatching(/^Harbor gave up after 3 attempts/),
    ]);
  });

  it("reads a fourth Harbor attempt as a larger webhook_job_max_retry, in the same chain", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, { registry: "harbor", event: "PUSH_ARTIFACT", at: T0, status: 500 });
    deliver(tracker, { registry: "harbor", event: "PUSH_ARTIFACT", at: T0 + 40_000, status: 500 });
    deliver(tracker, { registry: "harbor", event: "PUSH_ARTIFACT", at: T0 + 120_000, status: 500 });
    const fourth = deliver(tracker, {
      registry: "harbor",
      event: "PUSH_ARTIFACT",
      at: T0 + 270_000,
      status: 500,
    });
    expect(fourth.chainId).toBe(a.chainId);
    expect(tracker.get(a.chainId)).toMatchObject({
      outcome: "failing",
      profile: {
        verdict: "matches",
        notes: ["matches Harbor with webhook_job_max_retry of at least 4 (the default is 3)"],
      },
    });
  });

  it("says deviates when a Harbor retry comes outside gocraft/work's backoff", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, { registry: "harbor", event: "PUSH_ARTIFACT", at: T0, status: 500 });
    deliver(tracker, { registry: "harbor", event: "PUSH_ARTIFACT", at: T0 + 2_000, status: 500 });
    expect(tracker.get(a.chainId)?.profile).toMatchObject({
      verdict: "deviates",
      notes: [
        expect.stringMatching(/^attempt 2 came 2 s after attempt 1 was answered; Harbor waits 16 s–74 s/),
      ],
    });
  });

  it("describes schedules with uneven waits", () => {
    expect(describeExpected(PROFILES.distribution)).toBe(
      "retries until delivered, waits 9× immediately, then ~1 s (the last wait repeats), 1 s timeout",
    );
    expect(describeExpected(PROFILES.harbor)).toBe("3 attempts, waits ~45 s, then ~75 s, 3 s timeout");
    expect(describeExpected(undefined)).toMatch(/^unknown sender/);
  });
});

describe("with the catalog's sender profiles", () => {
  it("closes on what each sender counts as success and gives up at its attempt limit", () => {
    const tracker = createChainTracker();
    const quay = SENDER_PROFILES.quay;
    const first = deliver(tracker, { at: T0, status: 503 });
    const limit = quay.retry.attempts ?? 3;
    for (let i = 1; i < limit; i++)
      deliver(tracker, { at: T0 + i * (quay.retry.intervalsMs[i - 1] ?? 0), status: 503 });
    const view = tracker.get(first.chainId);
    expect(view?.outcome).toBe(quay.retry.attempts === null ? "failing" : "gave-up");
    expect(view?.profile.verdict).toBe("matches");
    const dist = deliver(tracker, { registry: "distribution", event: "push", at: T0, status: 307 });
    expect(tracker.get(dist.chainId)?.outcome).toBe("delivered");
  });
});

describe("forced delays and hangs", () => {
  it("says when a delay or a hang went past the sender's timeout", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, {
      registry: "harbor",
      event: "PUSH_ARTIFACT",
      at: T0,
      status: 503,
      delayMs: 5000,
    });
    deliver(tracker, { registry: "harbor", event: "PUSH_ARTIFACT", at: T0 + 50_000, status: 0, hung: true });
    const notes = tracker.get(a.chainId)?.profile.notes ?? [];
    expect(notes).toContain(
      "attempt 1 was answered after 5 s, past Harbor's 3 s timeout: it saw a timeout, not the 503",
    );
    expect(notes).toContain("attempt 2 was held until Harbor gave up: it saw a timeout after 3 s");
  });
});
