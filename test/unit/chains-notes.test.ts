// The notes a chain carries about its sender's behaviour: unknown senders, answers past the
// timeout, redirects, manual redeliveries, and what each sender does after failing.
import { describe, expect, it } from "vitest";
import type { SenderProfile } from "../../server/contract/types.ts";
import { SENDER_PROFILES } from "../../server/core/catalog/profiles.ts";
import { outcomeNotes } from "../../server/core/chains/notes.ts";
import type { AttemptRecord, ChainRecord } from "../../server/core/chains/view.ts";

const P = SENDER_PROFILES as Record<string, SenderProfile>;

function chain(statuses: number[], extra: Partial<AttemptRecord> = {}): ChainRecord {
  return {
    id: "c",
    endpoint: "ci",
    identity: "i",
    registry: null,
    event: null,
    createdAt: 0,
    assigned: statuses.length,
    attempts: statuses.map((status, i) => ({
      deliveryId: `d${i}`,
      at: i * 1000,
      status,
      attempt: i + 1,
      ...extra,
    })),
  };
}

describe("outcomeNotes", () => {
  it("asks to pin an unknown sender, and says nothing else", () => {
    expect(outcomeNotes(chain([500]), undefined, "failing")).toEqual([
      "sender unknown: pin the endpoint to a registry (/hooks/<name>/<registry>/<event>) to compare",
    ]);
  });

  it("says an answer held past the sender's timeout was a timeout, but not one held exactly that long", () => {
    const quay = P.quay!;
    expect(outcomeNotes(chain([200], { delayMs: quay.timeoutMs }), quay, "delivered")).toEqual([]);
    expect(outcomeNotes(chain([200], { delayMs: quay.timeoutMs + 1 }), quay, "delivered")).toEqual([
      "attempt 1 was answered after 10 s, past Quay's 10 s timeout: it saw a timeout, not the 200",
    ]);
  });

  it("explains a 3xx the way the sender counts it, whichever attempt it was", () => {
    expect(outcomeNotes(chain([500, 302]), P.quay!, "failing")).toContain(
      "Quay counts only 2xx as success: a 3xx it cannot follow is a failure",
    );
    expect(outcomeNotes(chain([301]), P.distribution!, "delivered")).toEqual([
      "Distribution counts 3xx as success (after following redirects)",
    ]);
    for (const status of [299, 400]) {
      expect(outcomeNotes(chain([status]), P.distribution!, "delivered")).toEqual([]);
    }
    expect(outcomeNotes(chain([300]), P.distribution!, "delivered")).toHaveLength(1);
    expect(outcomeNotes(chain([399]), P.distribution!, "delivered")).toHaveLength(1);
  });

  it("calls a second attempt of a GitHub delivery a manual redelivery, but not a first", () => {
    const note =
      "GitHub Packages does not retry: attempts after the first are manual redeliveries of the same delivery";
    expect(outcomeNotes(chain([200]), P.github!, "delivered")).not.toContain(note);
    expect(outcomeNotes(chain([500, 200]), P.github!, "delivered")).toContain(note);
  });

  it("says Quay disables the notification, after 3 failures when the profile has no count", () => {
    const quay = { ...P.quay!, retry: { ...P.quay!.retry, attempts: null } };
    expect(outcomeNotes(chain([500]), quay, "failing")).toEqual([
      "Quay disables this notification after 3 consecutive failures: re-enable it in the repository's notification settings",
    ]);
  });

  it("says when another sender gives up, only once it has", () => {
    expect(outcomeNotes(chain([500]), P.gitlab!, "gave-up")).toEqual([
      "GitLab registry gives up after 11 attempts",
    ]);
    expect(outcomeNotes(chain([500]), P.gitlab!, "failing")).toEqual([]);
    expect(outcomeNotes(chain([500]), P.harbor!, "failing")).toEqual([]);
  });
});
