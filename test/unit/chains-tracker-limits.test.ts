// When the chain tracker stops joining an event's chain: a final answer, a sender's attempt limit
// (Harbor's is a setting), the idle window counted from the newest attempt, and the cap on
// chains held. Also what counts as delivered for a sender Quayside does not know, and our own
// time to answer kept out of the sender's measured wait.
import { describe, expect, it } from "vitest";
import { CHAIN_IDLE_MS, createChainTracker } from "../../server/core/chains/index.ts";

const T0 = Date.parse("2025-05-01T10:00:00.000Z");
const MINUTE = 60_000;

type Tracker = ReturnType<typeof createChainTracker>;

/** Sends one attempt of the event with body-hash `key` at `at`, answered `status`. */
function attempt(
  t: Tracker,
  key: string,
  registry: string | null,
  at: number,
  status: number,
  readyAt?: number,
) {
  const assigned = t.assign({ endpoint: "ci", key, registry, at });
  t.record({
    ...assigned,
    deliveryId: `${key}@${at}`,
    at,
    status,
    registry,
    event: "push",
    endpoint: "ci",
    ...(readyAt === undefined ? {} : { readyAt }),
  });
  return assigned;
}

describe("chain tracker limits", () => {
  it("starts a new chain after a final answer, and joins after one the sender retries", () => {
    const t = createChainTracker();
    // EventBridge (ecr) takes a 400 as final; this body carries no event id, so only its hash ties retries
    const refused = attempt(t, "sha256:refused", "ecr", T0, 400);
    expect(attempt(t, "sha256:refused", "ecr", T0 + 1_000, 500)).not.toMatchObject({
      chainId: refused.chainId,
    });
    const failed = attempt(t, "sha256:failed", "ecr", T0, 503);
    expect(attempt(t, "sha256:failed", "ecr", T0 + 1_000, 500)).toEqual({
      chainId: failed.chainId,
      attempt: 2,
    });
  });

  it("keeps joining a Harbor chain past its default 3 attempts (the limit is a setting), but not Quay's", () => {
    const t = createChainTracker();
    const harbor = [0, 1, 2, 3].map((i) => attempt(t, "sha256:h", "harbor", T0 + i * MINUTE, 500));
    expect(harbor.map((a) => a.chainId)).toEqual(Array(4).fill(harbor[0]?.chainId));
    expect(harbor.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    const quay = [0, 1, 2, 3].map((i) => attempt(t, "sha256:q", "quay", T0 + i * 35_000, 500));
    expect(quay[3]?.chainId).not.toBe(quay[0]?.chainId);
    expect(quay[3]?.attempt).toBe(1);
  });

  it("measures the idle window from the newest attempt, not an earlier one", () => {
    const t = createChainTracker();
    const first = attempt(t, "sha256:slow", null, T0, 500);
    attempt(t, "sha256:slow", null, T0 + 30 * MINUTE, 500);
    attempt(t, "sha256:slow", null, T0 + 50 * MINUTE, 500);
    // 59 min after the third attempt, 79 min after the second
    expect(attempt(t, "sha256:slow", null, T0 + 50 * MINUTE + CHAIN_IDLE_MS - MINUTE, 500)).toEqual({
      chainId: first.chainId,
      attempt: 4,
    });
  });

  it("holds exactly maxChains chains; one more drops the excess and the oldest tenth", () => {
    const t = createChainTracker({ maxChains: 10 });
    const ids = Array.from({ length: 10 }, (_, i) => attempt(t, `sha256:${i}`, null, T0 + i, 500).chainId);
    expect(t.list().map((v) => v.id)).toEqual([...ids].reverse());
    attempt(t, "sha256:10", null, T0 + 10, 500);
    expect(t.list()).toHaveLength(9);
    expect([ids[0], ids[1], ids[2]].map((id) => t.get(id as string) !== undefined)).toEqual([
      false,
      false,
      true,
    ]);
  });

  it("still links an endpoint's next chain to its newest one after older chains were dropped", () => {
    // distribution sends one event at a time: the chain behind a blocker is told so (queue.ts)
    const t = createChainTracker({ maxChains: 10 });
    for (let i = 0; i < 9; i++) attempt(t, `sha256:old${i}`, "distribution", T0 + i, 200);
    const blocker = attempt(t, "sha256:blocker", "distribution", T0 + 1_000, 503);
    attempt(t, "sha256:blocker", "distribution", T0 + 11_000, 200);
    // an 11th chain, on another endpoint, drops the two oldest
    t.assign({ endpoint: "elsewhere", key: "sha256:other", registry: "distribution", at: T0 + 11_050 });
    const queued = attempt(t, "sha256:queued", "distribution", T0 + 11_100, 200);
    expect(
      t.get(queued.chainId)?.profile.notes.some((n) => n.includes(`behind chain ${blocker.chainId}`)),
    ).toBe(true);
  });

  it.each([
    [[500], "failing"],
    [[199], "failing"],
    [[300], "failing"],
    [[500, 200], "delivered"],
    [[299], "delivered"],
  ])("reads %j from an unknown sender as %s (a 2xx delivers)", (statuses, outcome) => {
    const t = createChainTracker();
    const ids = statuses.map((status, i) => attempt(t, "sha256:u", null, T0 + i * 1_000, status).chainId);
    expect(t.get(ids[0] as string)?.outcome).toBe(outcome);
  });

  it("takes our own time to answer out of the sender's wait", () => {
    // Quay waits ~35 s (±35%) after our answer. The first answer was ready 10 s late (a slow
    // disk): 52 s between attempts is 10 s + 42 s, within the schedule; 52 s from the request would not be.
    const slow = createChainTracker();
    const a = attempt(slow, "sha256:s", "quay", T0, 500, T0 + 10_000);
    attempt(slow, "sha256:s", "quay", T0 + 52_000, 500);
    expect(slow.get(a.chainId)?.profile.verdict).toBe("matches");
    const prompt = createChainTracker();
    const b = attempt(prompt, "sha256:s", "quay", T0, 500, T0);
    attempt(prompt, "sha256:s", "quay", T0 + 52_000, 500);
    expect(prompt.get(b.chainId)?.profile.verdict).toBe("deviates");
  });
});
