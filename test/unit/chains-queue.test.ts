// distribution's serial queue: an event that arrives right after a failing chain on the same
// endpoint got through was held behind it, and its chain says so; nothing else gets that note.
import { describe, expect, it } from "vitest";
import { createChainTracker } from "../../server/core/chains/index.ts";

type Attempt = [at: number, status: number];

/** Records one chain of `attempts` on `endpoint` and returns its id. */
function chainOf(
  tracker: ReturnType<typeof createChainTracker>,
  key: string,
  attempts: Attempt[],
  opts: { endpoint?: string; registry?: string } = {},
) {
  const endpoint = opts.endpoint ?? "reg";
  const registry = opts.registry ?? "distribution";
  let id = "";
  for (const [i, [at, status]] of attempts.entries()) {
    const { chainId, attempt } = tracker.assign({ endpoint, key, registry, at });
    id = chainId;
    tracker.record({
      chainId,
      deliveryId: `${key}-${i}`,
      at,
      status,
      registry,
      event: "push",
      endpoint,
      attempt,
    });
  }
  return id;
}

/** A distribution chain on "reg" that failed at 0 and got through at 10 s. */
const blockerDeliveredAt10s = (tracker: ReturnType<typeof createChainTracker>) =>
  chainOf(tracker, "a", [
    [0, 503],
    [10_000, 200],
  ]);

const notesOf = (tracker: ReturnType<typeof createChainTracker>, id: string) =>
  tracker.get(id)?.profile.notes ?? [];

describe("a distribution event held behind a failing chain", () => {
  it("names the blocking chain and how long the event may have waited", () => {
    const tracker = createChainTracker();
    const t0 = 1_000_000;
    // a blocker failing for 67 s, then delivered
    const blocker = chainOf(tracker, "a", [
      [t0, 503],
      [t0 + 30_000, 503],
      [t0 + 67_000, 200],
    ]);
    const queued = chainOf(tracker, "b", [[t0 + 67_200, 200]]);
    const notes = notesOf(tracker, queued);
    expect(notes).toContain(
      `held up to 67.2 s behind chain ${blocker}: distribution sends one event at a time per endpoint, ` +
        "and this one arrived 200 ms after that chain's event got through",
    );
    expect(notesOf(tracker, blocker).some((n) => n.startsWith("held up to"))).toBe(false);
  });

  it.each([
    ["the previous chain never failed", [[0, 200]] as Attempt[], 100, {}],
    [
      "it came long after the blocker got through",
      [
        [0, 503],
        [10_000, 200],
      ] as Attempt[],
      16_000,
      {},
    ],
    [
      "the blocker is still failing",
      [
        [0, 503],
        [10_000, 503],
      ] as Attempt[],
      10_100,
      {},
    ],
    [
      "another sender (Harbor)",
      [
        [0, 503],
        [10_000, 200],
      ] as Attempt[],
      10_100,
      { registry: "harbor" },
    ],
  ])("gives no note when %s", (_why, blockerAttempts, nextAt, opts) => {
    const tracker = createChainTracker();
    chainOf(tracker, "a", blockerAttempts, opts);
    const next = chainOf(tracker, "b", [[nextAt, 200]], opts);
    expect(notesOf(tracker, next).some((n) => n.startsWith("held up to"))).toBe(false);
  });

  it.each([
    ["arrived the same millisecond the blocker got through", 10_000, true],
    ["arrived exactly QUEUE_GAP_MS after it", 15_000, true],
    ["arrived a millisecond later than that", 15_001, false],
    ["arrived before the blocker got through", 9_900, false],
  ])("says whether an event that %s was held behind it (%s)", (_when, nextAt, held) => {
    const tracker = createChainTracker();
    blockerDeliveredAt10s(tracker);
    const next = chainOf(tracker, "b", [[nextAt, 200]]);
    expect(notesOf(tracker, next).some((n) => n.startsWith("held up to"))).toBe(held);
  });

  it("gives no note to another sender's event behind a distribution chain", () => {
    const tracker = createChainTracker();
    blockerDeliveredAt10s(tracker);
    const harbor = chainOf(tracker, "b", [[10_100, 200]], { registry: "harbor" });
    expect(notesOf(tracker, harbor).some((n) => n.startsWith("held up to"))).toBe(false);
  });

  it("looks only at the same endpoint", () => {
    const tracker = createChainTracker();
    blockerDeliveredAt10s(tracker);
    const elsewhere = chainOf(tracker, "b", [[10_100, 200]], { endpoint: "other" });
    expect(notesOf(tracker, elsewhere).some((n) => n.startsWith("held up to"))).toBe(false);
  });

  it("holds after a restart, when chains are rebuilt from stored summaries", () => {
    const summary = (id: string, chain: string, attempt: number, at: number, status: number) => ({
      id,
      receivedAt: new Date(at).toISOString(),
      endpoint: "reg",
      registry: "distribution" as const,
      event: "push",
      status,
      chain: { id: chain, attempt },
    });
    const tracker = createChainTracker();
    tracker.restore([
      summary("d1", "reg~a~1", 1, 0, 503),
      summary("d2", "reg~a~1", 2, 20_000, 200),
      summary("d3", "reg~b~2", 1, 20_500, 200),
    ] as never);
    expect(tracker.get("reg~b~2")?.profile.notes.some((n) => n.startsWith("held up to 20.5 s"))).toBe(true);
  });
});
