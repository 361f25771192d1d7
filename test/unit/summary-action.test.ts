// The list summary says what was done when no status was sent (hang or reset), so the list can
// show "hung" / "reset" instead of a bare 0.
import { describe, expect, it } from "vitest";
import type { DeliverySummary } from "../../server/contract/index.ts";
import { toSummary } from "../../server/store/summary.ts";

const base: DeliverySummary = {
  id: "d1",
  seq: 1,
  receivedAt: "2026-01-01T00:00:00.000Z",
  endpoint: "e",
  method: "POST",
  path: "/hooks/e",
  registry: null,
  event: null,
  detection: "unknown",
  validity: "unknown-event",
  issueCount: 0,
  repository: null,
  tag: null,
  digest: null,
  status: 0,
  size: 2,
  clientCert: { presented: false, verdict: "none" },
  chain: null,
  replayOf: null,
};

describe("toSummary", () => {
  it("carries the action of a record that was hung or reset", () => {
    expect(toSummary({ ...base, response: { action: "hang" } }).action).toBe("hang");
    expect(toSummary({ ...base, response: { action: "reset" } }).action).toBe("reset");
  });

  it("keeps the action of a stored summary, and nothing for an answered delivery", () => {
    expect(toSummary({ ...base, action: "reset" }).action).toBe("reset");
    expect("action" in toSummary({ ...base, status: 200, response: { action: "respond" } })).toBe(false);
  });

  it("ignores an action that is not hang or reset (a data file is input too)", () => {
    expect("action" in toSummary({ ...base, action: "<b>" as never })).toBe(false);
  });
});
