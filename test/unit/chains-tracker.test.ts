// The chain tracker: keys, which attempt joins which chain, listing, restoring, forgetting, memory.
import { describe, expect, it } from "vitest";
import type { DeliverySummary } from "../../server/contract/types.ts";
import {
  CHAIN_IDLE_MS,
  type ChainTracker,
  chainKey,
  createChainTracker,
} from "../../server/core/chains/index.ts";
import { deliver, PROFILES, T0 } from "../helpers/chains.ts";

describe("chainKey", () => {
  it("prefers the sender's delivery id and hashes the body otherwise", () => {
    const body = Buffer.from('{"repository":"team/app"}');
    expect(chainKey(body, "3f0c-uuid")).toBe("id:3f0c-uuid");
    expect(chainKey(body, null)).toBe(chainKey(Buffer.from('{"repository":"team/app"}'), null));
    expect(chainKey(body, null)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(chainKey(body, null)).not.toBe(chainKey(Buffer.from('{"repository":"team/ap"}'), null));
  });
});

describe("chain assignment", () => {
  it("numbers retries of the same event on an endpoint within one chain", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, { at: T0, status: 503 });
    const b = deliver(tracker, { at: T0 + 30_000, status: 503 });
    expect(a.attempt).toBe(1);
    expect(b).toMatchObject({ chainId: a.chainId, attempt: 2 });
    expect(deliver(tracker, { key: "k2", at: T0 + 1, status: 503 })).toMatchObject({ attempt: 1 });
    const elsewhere = deliver(tracker, { endpoint: "other", at: T0 + 2, status: 503 });
    expect(elsewhere.attempt).toBe(1);
    expect(elsewhere.chainId).not.toBe(a.chainId);
  });

  it("closes a chain on success and starts a new one for the next identical body", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const first = deliver(tracker, { at: T0, status: 503 });
    deliver(tracker, { at: T0 + 31_000, status: 200 });
    const again = deliver(tracker, { at: T0 + 90_000, status: 200 });
    expect(again.attempt).toBe(1);
    expect(again.chainId).not.toBe(first.chainId);
    expect(tracker.get(first.chainId)).toMatchObject({ outcome: "delivered", intervalsMs: [31_000] });
  });

  it("counts 3xx as success for distribution only", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const dist = deliver(tracker, { registry: "distribution", event: "push", at: T0, status: 302 });
    expect(tracker.get(dist.chainId)?.outcome).toBe("delivered");
    expect(tracker.get(dist.chainId)?.profile.notes).toContain(
      "Distribution counts 3xx as success (after following redirects)",
    );
    expect(
      deliver(tracker, { registry: "distribution", event: "push", at: T0 + 5, status: 200 }).attempt,
    ).toBe(1);
    const quay = deliver(tracker, { key: "q", at: T0, status: 302 });
    expect(tracker.get(quay.chainId)?.outcome).toBe("failing");
    expect(deliver(tracker, { key: "q", at: T0 + 30_000, status: 200 }).attempt).toBe(2);
  });

  it("expects a 2xx from an unknown sender", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, { registry: null, event: null, at: T0, status: 302 });
    expect(tracker.get(a.chainId)).toMatchObject({ outcome: "failing", profile: { verdict: "unknown" } });
    deliver(tracker, { registry: null, event: null, at: T0 + 1000, status: 204 });
    expect(tracker.get(a.chainId)?.outcome).toBe("delivered");
  });

  it("marks a chain gave-up at the sender's attempt limit, and the next identical body is a new event", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, { at: T0, status: 503 });
    deliver(tracker, { at: T0 + 30_000, status: 503 });
    deliver(tracker, { at: T0 + 60_000, status: 0 });
    const view = tracker.get(a.chainId);
    expect(view?.outcome).toBe("gave-up");
    expect(view?.attempts.map((x) => x.status)).toEqual([503, 503, 0]);
    expect(view?.profile.notes).toContain(
      "Quay disables this notification after 3 consecutive failures: re-enable it in the repository's notification settings",
    );
    expect(deliver(tracker, { at: T0 + 600_000, status: 200 }).attempt).toBe(1);
  });

  it("keeps a distribution chain failing however often it retries", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    let last = { chainId: "", attempt: 0 };
    for (let i = 0; i < 12; i++) {
      last = deliver(tracker, { registry: "distribution", event: "push", at: T0 + i * 10, status: 500 });
    }
    expect(last.attempt).toBe(12);
    const view = tracker.get(last.chainId);
    expect(view?.outcome).toBe("failing");
    expect(view?.profile.notes).toContain(
      "distribution retries forever and queues later events to this endpoint behind this one",
    );
  });

  it("starts a new chain when an unfinished one has been idle too long", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, { at: T0, status: 503 });
    const b = deliver(tracker, { at: T0 + CHAIN_IDLE_MS + 1, status: 503 });
    expect(b.attempt).toBe(1);
    expect(b.chainId).not.toBe(a.chainId);
  });

  it("gives distinct ids to chains of the same body that start in the same millisecond", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, { at: T0, status: 200 });
    const b = deliver(tracker, { at: T0, status: 200 });
    expect(a.chainId).not.toBe(b.chainId);
    expect(tracker.list()).toHaveLength(2);
  });
});

describe("listing, restoring, forgetting", () => {
  function summaries(tracker: ChainTracker): DeliverySummary[] {
    return tracker
      .list()
      .reverse()
      .flatMap((view) =>
        view.attempts.map((a, i) => ({
          id: a.deliveryId,
          seq: 0,
          receivedAt: a.at,
          endpoint: view.endpoint,
          method: "POST",
          path: `/hooks/${view.endpoint}`,
          registry: view.registry,
          event: view.event,
          detection: "pinned" as const,
          validity: "valid" as const,
          issueCount: 0,
          repository: null,
          tag: null,
          digest: null,
          status: a.status,
          size: 10,
          clientCert: { presented: false, verdict: "none" as const },
          chain: { id: view.id, attempt: i + 1 },
          replayOf: null,
        })),
      )
      .sort((x, y) => Date.parse(x.receivedAt) - Date.parse(y.receivedAt));
  }

  it("lists newest chain first, filtered by endpoint, without chains still awaiting their answer", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, { at: T0, status: 200 });
    const b = deliver(tracker, { endpoint: "other", at: T0 + 1, status: 200 });
    const c = deliver(tracker, { key: "k2", at: T0 + 2, status: 200 });
    tracker.assign({ endpoint: "ci", key: "pending", registry: "quay", at: T0 + 3 });
    expect(tracker.list().map((v) => v.id)).toEqual([c.chainId, b.chainId, a.chainId]);
    expect(tracker.list({ endpoint: "ci" }).map((v) => v.id)).toEqual([c.chainId, a.chainId]);
    expect(tracker.list({ limit: 1 })).toHaveLength(1);
    expect(tracker.get("nope")).toBeUndefined();
  });

  it("rebuilds chains from stored summaries so an open chain continues after a restart", () => {
    const before = createChainTracker({ profiles: PROFILES });
    deliver(before, { key: "done", at: T0, status: 200 });
    const open = deliver(before, { at: T0 + 10, status: 503 });
    deliver(before, { at: T0 + 30_010, status: 503 });
    const after = createChainTracker({ profiles: PROFILES });
    after.restore(summaries(before));
    expect(after.list()).toEqual(before.list());
    const next = after.assign({ endpoint: "ci", key: "k1", registry: "quay", at: T0 + 60_000 });
    expect(next).toEqual({ chainId: open.chainId, attempt: 3 });
    // The delivered chain stays closed: the same body again is a new chain.
    expect(after.assign({ endpoint: "ci", key: "done", registry: "quay", at: T0 + 60_000 }).attempt).toBe(1);
  });

  it("flags stored chains with more attempts than the sender makes", () => {
    const before = createChainTracker({ profiles: PROFILES });
    deliver(before, { registry: "harbor", at: T0, status: 500 });
    const stored = summaries(before);
    const extra = [1, 2, 3].map((n) => ({
      ...stored[0]!,
      id: `x${n}`,
      registry: "quay" as const,
      receivedAt: new Date(T0 + n * 30_000).toISOString(),
      chain: { id: stored[0]!.chain!.id, attempt: n + 1 },
    }));
    const after = createChainTracker({ profiles: PROFILES });
    after.restore([{ ...stored[0]!, registry: "quay" }, ...extra]);
    expect(after.list()[0]?.profile).toMatchObject({
      verdict: "deviates",
      notes: expect.arrayContaining(["4 attempts; Quay makes at most 3"]),
    });
  });

  it("forgets deleted deliveries and drops chains left empty", () => {
    const tracker = createChainTracker({ profiles: PROFILES });
    const a = deliver(tracker, { at: T0, status: 503 });
    const b = deliver(tracker, { at: T0 + 30_000, status: 503 });
    tracker.forget([a.deliveryId]);
    expect(tracker.get(a.chainId)?.attempts.map((x) => x.deliveryId)).toEqual([b.deliveryId]);
    tracker.forget([b.deliveryId, "unknown"]);
    expect(tracker.get(a.chainId)).toBeUndefined();
    expect(deliver(tracker, { at: T0 + 60_000, status: 503 }).attempt).toBe(1);
  });

  it("keeps at most maxChains chains, dropping the oldest", () => {
    const tracker = createChainTracker({ profiles: PROFILES, maxChains: 2 });
    const a = deliver(tracker, { key: "a", at: T0, status: 200 });
    deliver(tracker, { key: "b", at: T0 + 1, status: 200 });
    deliver(tracker, { key: "c", at: T0 + 2, status: 200 });
    expect(tracker.list()).toHaveLength(2);
    expect(tracker.get(a.chainId)).toBeUndefined();
  });
});

describe("chain memory", () => {
  it("drops the oldest tenth at once when full and keeps the newest", () => {
    const tracker = createChainTracker({ profiles: PROFILES, maxChains: 100 });
    const ids = Array.from(
      { length: 101 },
      (_, i) => deliver(tracker, { key: `k${i}`, at: T0 + i, status: 200 }).chainId,
    );
    const kept = tracker.list();
    expect(kept).toHaveLength(90);
    expect(kept.map((c) => c.id)).toEqual(ids.slice(-90).reverse());
  });
});
