// A chain's view at its edges: a schedule described in words (runs of equal waits anywhere, a
// geometric run of exactly three, all immediate), the documented wait each attempt is held to,
// the tolerance's last millisecond, the words for a wait that included our own answer time, and
// the attempt limit of a sender whose limit is not a setting.
import { describe, expect, it } from "vitest";
import type { SenderProfile } from "../../server/contract/types.ts";
import { describeExpected } from "../../server/core/chains/index.ts";
import { type AttemptRecord, type ChainRecord, toChainView } from "../../server/core/chains/view.ts";
import { profile, T0 } from "../helpers/chains.ts";

/** A Quay-like sender with these waits between attempts. */
const waitsOf = (intervalsMs: number[], more: Partial<SenderProfile["retry"]> = {}) =>
  profile("quay", {}, { attempts: intervalsMs.length + 1, intervalsMs, ...more });

/** A failing chain of attempts at `offsets` ms after T0 (each answered at once unless `readyAt`). */
function chain(offsets: number[], readyAfter: number[] = []): ChainRecord {
  const attempts: AttemptRecord[] = offsets.map((offset, k) => ({
    deliveryId: `d${k}`,
    at: T0 + offset,
    status: 503,
    attempt: k + 1,
    ...(readyAfter[k] === undefined ? {} : { readyAt: T0 + offset + (readyAfter[k] as number) }),
  }));
  return {
    id: "c1",
    endpoint: "ci",
    identity: "x",
    registry: "quay",
    event: "repo_push",
    createdAt: T0,
    assigned: attempts.length,
    attempts,
  };
}

describe("a schedule in words", () => {
  it.each([
    [[5_000, 0, 0, 0], "waits ~5 s, then 3× immediately"],
    [[1_000, 2_000, 4_000], "waits ~1 s growing ×2 to ~4 s"],
    [[1_000, 2_000], "waits ~1 s, then ~2 s"],
    [[0, 0], "immediately"],
  ])("describes waits of %j", (intervalsMs, words) => {
    const sentence = describeExpected(waitsOf(intervalsMs));
    expect(sentence).toContain(words);
  });
});

describe("an attempt against the documented wait", () => {
  const SCHEDULE = waitsOf([1_000, 10_000], { tolerance: 0.1 });

  it("holds each attempt to its own wait", () => {
    // 1 s then 10 s, each within 10% (at least 1 s of slack)
    expect(toChainView(chain([0, 1_000, 11_000]), SCHEDULE).profile.verdict).toBe("matches");
  });

  it("allows exactly the tolerance, and not a millisecond more", () => {
    // the second wait is 10 s ± 1 s
    expect(toChainView(chain([0, 1_000, 12_000]), SCHEDULE).profile.verdict).toBe("matches");
    expect(toChainView(chain([0, 1_000, 12_001]), SCHEDULE).profile.notes).toContain(
      "attempt 3 came 11 s after attempt 2; Quay waits ~10 s (±10%)",
    );
  });

  it("says when a wait that does not fit included the time the sender waited for our answer", () => {
    // our first answer was ready after 3 s: 3 s + 10 s would fit; 20 s does not
    const view = toChainView(chain([0, 20_000], [3_000]), waitsOf([10_000], { tolerance: 0.1 }));
    expect(view.profile.notes).toContain(
      "attempt 2 came 20 s after attempt 1; Quay waits ~10 s (±10%) after the 3 s it waited for our answer",
    );
  });
});

describe("the attempt limit", () => {
  it("ends a chain as given up at the documented count when the sender's limit is not a setting", () => {
    const view = toChainView(chain([0, 30_000, 60_000, 90_000]), profile("quay", {}, {}));
    expect(view.outcome).toBe("gave-up");
    expect(view.profile.notes).toContain("4 attempts; Quay makes at most 3");
  });
});
