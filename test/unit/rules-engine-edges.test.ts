// The rule engine's matching field by field, copies of headers, per-endpoint counters and resets,
// and the seeded generator's exact decisions.
import { describe, expect, it } from "vitest";
import { createRuleEngine, type DecideContext, validateRules } from "../../server/core/rules/index.ts";

function ctx(over: Partial<DecideContext> = {}): DecideContext {
  return {
    endpoint: "ci",
    registry: "quay",
    event: "push",
    repository: "team/app",
    attempt: 1,
    chainId: "c",
    ...over,
  };
}

describe("rule engine edges", () => {
  it("a when-clause fails on any one field that differs, and on a repository glob with no repository", () => {
    const engine = createRuleEngine();
    const rules = validateRules([
      {
        when: { registry: "quay", event: "push", attempt: 1, repository: "team/*" },
        respond: { status: 503 },
      },
    ]);
    const status = (c: DecideContext) => {
      const d = engine.decide(rules, c);
      return d.action === "respond" ? d.status : d.action;
    };
    expect(status(ctx())).toBe(503);
    expect(status(ctx({ registry: "harbor" }))).toBe(200);
    expect(status(ctx({ event: "pull" }))).toBe(200);
    expect(status(ctx({ attempt: 2 }))).toBe(200);
    expect(status(ctx({ repository: "other/app" }))).toBe(200);
    expect(status(ctx({ repository: null }))).toBe(200);
  });

  it("matches dot-named repositories with a star", () => {
    const engine = createRuleEngine();
    const rules = validateRules([{ when: { repository: "team/*" }, respond: { status: 503 } }]);
    const d = engine.decide(rules, ctx({ repository: "team/.hidden" }));
    expect(d.action === "respond" && d.status).toBe(503);
  });

  it("answers a sequence's status with the rule's headers, body and delay, and copies the headers", () => {
    const engine = createRuleEngine();
    const rules = validateRules([
      {
        schedule: { kind: "sequence", statuses: [502] },
        respond: { status: 418, headers: { "X-A": "1" }, body: "b", delayMs: 5 },
      },
    ]);
    const d = engine.decide(rules, ctx());
    expect(d).toEqual({
      action: "respond",
      status: 502,
      headers: { "X-A": "1" },
      body: "b",
      delayMs: 5,
      rule: 0,
    });
    if (d.action === "respond") d.headers["X-A"] = "changed";
    const again = engine.decide(rules, ctx());
    expect(again.action === "respond" && again.headers).toEqual({ "X-A": "1" });
  });

  it("reset of one endpoint leaves the counters of others", () => {
    const engine = createRuleEngine();
    const rules = validateRules([{ schedule: { kind: "every", n: 2 }, respond: { status: 503 } }]);
    const fired = (endpoint: string) => engine.decide(rules, ctx({ endpoint })).rule === 0;
    expect([fired("a"), fired("b")]).toEqual([false, false]);
    engine.reset("a");
    expect([fired("a"), fired("b")]).toEqual([false, true]);
    engine.reset();
    expect(fired("b")).toBe(false);
  });

  it("a seeded probability rule follows its generator, and unseeded ones still fire at p 1", () => {
    const engine = createRuleEngine();
    const rules = validateRules([
      { schedule: { kind: "probability", p: 0.5, seed: 42 }, respond: { status: 503 } },
    ]);
    const pattern = Array.from({ length: 12 }, () => (engine.decide(rules, ctx()).rule === 0 ? 1 : 0)).join(
      "",
    );
    // the reference mulberry32(42) starts 0.601 0.448 0.852 0.670 0.175 0.527 0.273 0.625 0.865 0.472 0.250 0.882
    expect(pattern).toBe("010010100110");
    const always = validateRules([{ schedule: { kind: "probability", p: 1 }, respond: { status: 503 } }]);
    expect(engine.decide(always, ctx()).rule).toBe(0);
  });

  it("keeps a counter per rule index and content, so an edited rule starts again", () => {
    const engine = createRuleEngine();
    const every2 = validateRules([{ schedule: { kind: "every", n: 2 }, respond: { status: 503 } }]);
    const every2b = validateRules([{ schedule: { kind: "every", n: 2 }, respond: { status: 502 } }]);
    expect(engine.decide(every2, ctx()).rule).toBeNull();
    expect(engine.decide(every2b, ctx()).rule).toBeNull();
    expect(engine.decide(every2, ctx()).rule).toBe(0);
  });
});
