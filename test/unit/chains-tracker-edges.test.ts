// The chain tracker's bookkeeping at its edges: the idle window's last millisecond, a delivery
// recorded twice, attempts recorded out of order, the first registry and event kept, and
// eviction that leaves a newer chain of the same event joinable.
import { describe, expect, it } from "vitest";
import type { DeliverySummary } from "../../server/contract/types.ts";
import { CHAIN_IDLE_MS, createChainTracker } from "../../server/core/chains/index.ts";

const T0 = Date.parse("2025-05-01T10:00:00.000Z");
const base = { endpoint: "ci", event: "repo_push" };

describe("chain tracker edges", () => {
  it("joins an unfinished chain up to exactly the idle window, and starts a new one a millisecond later", () => {
    const t = createChainTracker();
    const first = t.assign({ endpoint: "ci", key: "sha256:x", registry: null, at: T0 });
    t.record({ ...base, ...first, deliveryId: "a", at: T0, status: 500, registry: null });
    const joined = t.assign({ endpoint: "ci", key: "sha256:x", registry: null, at: T0 + CHAIN_IDLE_MS });
    expect(joined).toEqual({ chainId: first.chainId, attempt: 2 });
    t.record({ ...base, ...joined, deliveryId: "b", at: T0 + CHAIN_IDLE_MS, status: 500, registry: null });
    const late = t.assign({
      endpoint: "ci",
      key: "sha256:x",
      registry: null,
      at: T0 + 2 * CHAIN_IDLE_MS + 1,
    });
    expect(late.attempt).toBe(1);
    expect(late.chainId).not.toBe(first.chainId);
  });

  it("keeps the first record of a delivery recorded twice", () => {
    const t = createChainTracker();
    const a = t.assign({ endpoint: "ci", key: "id:1", registry: "quay", at: T0 });
    t.record({ ...base, ...a, deliveryId: "d", at: T0, status: 500, registry: "quay" });
    t.record({ ...base, ...a, deliveryId: "d", at: T0 + 5, status: 200, registry: "quay" });
    expect(t.get(a.chainId)?.attempts).toEqual([
      { deliveryId: "d", at: new Date(T0).toISOString(), status: 500 },
    ]);
  });

  it("orders attempts by time, then by attempt number, whatever order they were recorded in", () => {
    const t = createChainTracker();
    const record = (deliveryId: string, at: number, attempt: number) =>
      t.record({ ...base, chainId: "c.1", deliveryId, at, status: 500, registry: "quay", attempt });
    record("late", T0 + 2000, 3);
    record("tie-b", T0, 2);
    record("tie-a", T0, 1);
    expect(t.get("c.1")?.attempts.map((a) => a.deliveryId)).toEqual(["tie-a", "tie-b", "late"]);
  });

  it("numbers a recorded attempt after the ones before it when assign() gave none", () => {
    const t = createChainTracker();
    const record = (deliveryId: string, attempt?: number) =>
      t.record({ ...base, chainId: "c.2", deliveryId, at: T0, status: 500, registry: "quay", attempt });
    record("w", 1);
    record("x"); // attempt 2
    record("y"); // attempt 3
    record("v", 2);
    // all at the same ms: ordered by attempt number, the later record of a tie last
    expect(t.get("c.2")?.attempts.map((a) => a.deliveryId)).toEqual(["w", "x", "v", "y"]);
  });

  it("takes the registry from a later attempt when the first did not know it, and keeps the first one known", () => {
    const t = createChainTracker();
    const one = t.assign({ endpoint: "ci", key: "id:7", registry: null, at: T0 });
    const two = t.assign({ endpoint: "ci", key: "id:7", registry: "quay", at: T0 + 1 });
    expect(two.chainId).toBe(one.chainId);
    t.record({ ...base, ...one, deliveryId: "p", at: T0, status: 500, registry: null, event: "first" });
    t.record({
      ...base,
      ...two,
      deliveryId: "q",
      at: T0 + 1,
      status: 500,
      registry: "harbor",
      event: "second",
    });
    const view = t.get(one.chainId);
    expect([view?.registry, view?.event]).toEqual(["quay", "first"]);
  });

  it("fills registry and event from later summaries on restore, keeping the first known", () => {
    const t = createChainTracker();
    const summary = (id: string, registry: string | null, event: string | null, attempt: number) =>
      ({
        id,
        endpoint: "ci",
        registry,
        event,
        status: 500,
        receivedAt: new Date(T0 + attempt).toISOString(),
        chain: { id: "r.1", attempt },
      }) as DeliverySummary;
    t.restore([
      summary("s1", null, null, 1),
      summary("s2", "quay", "push", 2),
      summary("s3", "harbor", "x", 3),
    ]);
    const view = t.get("r.1");
    expect([view?.registry, view?.event, view?.attempts.length]).toEqual(["quay", "push", 3]);
  });

  it("keeps a newer chain of the same event joinable when an older one is evicted", () => {
    const t = createChainTracker({ maxChains: 2 });
    const old = t.assign({ endpoint: "ci", key: "sha256:k", registry: "quay", at: T0 });
    t.record({ ...base, ...old, deliveryId: "o", at: T0, status: 200, registry: "quay" });
    const newer = t.assign({ endpoint: "ci", key: "sha256:k", registry: "quay", at: T0 + 10 });
    expect(newer.chainId).not.toBe(old.chainId);
    t.record({ ...base, ...newer, deliveryId: "n", at: T0 + 10, status: 500, registry: "quay" });
    t.assign({ endpoint: "ci", key: "sha256:other", registry: "quay", at: T0 + 20 }); // evicts `old`
    expect(t.get(old.chainId)).toBeUndefined();
    expect(t.assign({ endpoint: "ci", key: "sha256:k", registry: "quay", at: T0 + 30 })).toEqual({
      chainId: newer.chainId,
      attempt: 2,
    });
  });

  it("evicts nothing while at the limit", () => {
    const t = createChainTracker({ maxChains: 2 });
    const a = t.assign({ endpoint: "ci", key: "sha256:a", registry: "quay", at: T0 });
    t.record({ ...base, ...a, deliveryId: "a1", at: T0, status: 500, registry: "quay" });
    const b = t.assign({ endpoint: "ci", key: "sha256:b", registry: "quay", at: T0 });
    t.record({ ...base, ...b, deliveryId: "b1", at: T0, status: 500, registry: "quay" });
    expect(t.list().map((v) => v.id)).toEqual([b.chainId, a.chainId]);
  });

  it("forgets a delivery id it never saw without touching any chain", () => {
    const t = createChainTracker();
    const a = t.assign({ endpoint: "ci", key: "sha256:a", registry: "quay", at: T0 });
    t.record({ ...base, ...a, deliveryId: "a1", at: T0, status: 500, registry: "quay" });
    t.forget(["unknown", ""]);
    expect(t.get(a.chainId)?.attempts).toHaveLength(1);
  });
});
