// The rule engine: schedules, matching and per-request URL overrides.
import { describe, expect, it } from "vitest";
import type { Rule } from "../../server/contract/types.ts";
import {
  createRuleEngine,
  type DecideContext,
  type Decision,
  parseQueryOverride,
  validateRules,
} from "../../server/core/rules/index.ts";
import { MAX_QUERY_DELAY_MS } from "../../server/core/rules/query.ts";

function ctx(over: Partial<DecideContext> = {}): DecideContext {
  return {
    endpoint: "ci",
    registry: "quay",
    event: "repo_push",
    repository: "team/app",
    attempt: 1,
    chainId: "c1",
    ...over,
  };
}

function statusOf(decision: Decision): number | string {
  return decision.action === "respond" ? decision.status : decision.action;
}

describe("rule schedules", () => {
  it("answers the default 200 with no rule and no body when nothing matches", () => {
    const decision = createRuleEngine().decide([], ctx());
    expect(decision).toEqual({
      action: "respond",
      status: 200,
      headers: {},
      body: null,
      delayMs: 0,
      rule: null,
    });
  });

  it("applies an always rule with its headers, body and delay", () => {
    const rules = validateRules([
      { respond: { status: 500, headers: { "Retry-After": "5" }, body: "boom", delayMs: 250 } },
    ]);
    expect(createRuleEngine().decide(rules, ctx())).toEqual({
      action: "respond",
      status: 500,
      headers: { "Retry-After": "5" },
      body: "boom",
      delayMs: 250,
      rule: 0,
    });
  });

  it("fails the first n attempts of each chain, then falls through to the default", () => {
    const engine = createRuleEngine();
    const rules = validateRules([{ schedule: { kind: "first", n: 3 }, respond: { status: 503 } }]);
    const seen = [1, 2, 3, 4, 5].map((attempt) => statusOf(engine.decide(rules, ctx({ attempt }))));
    expect(seen).toEqual([503, 503, 503, 200, 200]);
    // A new chain starts at attempt 1 again.
    expect(statusOf(engine.decide(rules, ctx({ attempt: 1, chainId: "c2" })))).toBe(503);
  });

  it("plays a sequence by attempt number and falls through past its end", () => {
    const engine = createRuleEngine();
    const rules = validateRules([
      { schedule: { kind: "sequence", statuses: [503, 502, 200] } },
      { respond: { status: 418 } },
    ]);
    const seen = [1, 2, 3, 4].map((attempt) => engine.decide(rules, ctx({ attempt })));
    expect(seen.map(statusOf)).toEqual([503, 502, 200, 418]);
    expect(seen.map((d) => d.rule)).toEqual([0, 0, 0, 1]);
  });

  it("fires every nth matching delivery to an endpoint, counting per endpoint", () => {
    const engine = createRuleEngine();
    const rules = validateRules([{ schedule: { kind: "every", n: 3 }, respond: { status: 500 } }]);
    const ci = [1, 2, 3, 4, 5, 6].map(() => statusOf(engine.decide(rules, ctx())));
    expect(ci).toEqual([200, 200, 500, 200, 200, 500]);
    expect(statusOf(engine.decide(rules, ctx({ endpoint: "other" })))).toBe(200);
  });

  it("only counts deliveries that reach and match an every rule", () => {
    const engine = createRuleEngine();
    const rules = validateRules([
      { when: { registry: "harbor" }, schedule: { kind: "every", n: 2 }, respond: { status: 500 } },
    ]);
    engine.decide(rules, ctx());
    engine.decide(rules, ctx());
    expect(statusOf(engine.decide(rules, ctx({ registry: "harbor" })))).toBe(200);
    expect(statusOf(engine.decide(rules, ctx({ registry: "harbor" })))).toBe(500);
  });

  it("reset() starts every counters afresh", () => {
    const engine = createRuleEngine();
    const rules = validateRules([{ schedule: { kind: "every", n: 2 }, respond: { status: 500 } }]);
    engine.decide(rules, ctx());
    engine.reset("ci");
    expect(statusOf(engine.decide(rules, ctx()))).toBe(200);
    expect(statusOf(engine.decide(rules, ctx()))).toBe(500);
    engine.reset();
    expect(statusOf(engine.decide(rules, ctx()))).toBe(200);
  });

  it("gives the same probability decisions for the same seed and deliveries", () => {
    const rules = validateRules([
      { schedule: { kind: "probability", p: 0.3, seed: 42 }, respond: { status: 503 } },
    ]);
    const run = () => {
      const engine = createRuleEngine();
      return Array.from({ length: 200 }, () => statusOf(engine.decide(rules, ctx())));
    };
    const first = run();
    expect(run()).toEqual(first);
    const failures = first.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(30);
    expect(failures).toBeLessThan(90);
    const other = validateRules([
      { schedule: { kind: "probability", p: 0.3, seed: 43 }, respond: { status: 503 } },
    ]);
    const engine = createRuleEngine();
    expect(Array.from({ length: 200 }, () => statusOf(engine.decide(other, ctx())))).not.toEqual(first);
  });

  it("never fires probability 0 and always fires probability 1", () => {
    const engine = createRuleEngine();
    const never = validateRules([{ schedule: { kind: "probability", p: 0 }, respond: { status: 503 } }]);
    const always = validateRules([{ schedule: { kind: "probability", p: 1 }, respond: { status: 503 } }]);
    for (let i = 0; i < 50; i++) {
      expect(statusOf(engine.decide(never, ctx()))).toBe(200);
      expect(statusOf(engine.decide(always, ctx()))).toBe(503);
    }
  });

  it("returns hang and reset actions with the rule index", () => {
    const engine = createRuleEngine();
    const rules: Rule[] = validateRules([
      { when: { event: "repo_push" }, respond: { action: "hang" } },
      { respond: { action: "reset" } },
    ]);
    expect(engine.decide(rules, ctx())).toEqual({ action: "hang", rule: 0 });
    expect(engine.decide(rules, ctx({ event: "build_start" }))).toEqual({ action: "reset", rule: 1 });
  });
});

describe("rule matching", () => {
  const engine = createRuleEngine();

  it("lets the first matching rule win", () => {
    const rules = validateRules([{ respond: { status: 501 } }, { respond: { status: 502 } }]);
    expect(engine.decide(rules, ctx()).rule).toBe(0);
  });

  it("matches on registry, event and attempt", () => {
    const rules = validateRules([
      { when: { registry: "harbor" }, respond: { status: 501 } },
      { when: { event: "build_start" }, respond: { status: 502 } },
      { when: { attempt: 2 }, respond: { status: 503 } },
    ]);
    expect(statusOf(engine.decide(rules, ctx({ registry: "harbor" })))).toBe(501);
    expect(statusOf(engine.decide(rules, ctx({ event: "build_start" })))).toBe(502);
    expect(statusOf(engine.decide(rules, ctx({ attempt: 2 })))).toBe(503);
    expect(statusOf(engine.decide(rules, ctx({ registry: null, event: null })))).toBe(200);
  });

  it("matches repositories with globs across slashes only where asked", () => {
    const rules = validateRules([
      { when: { repository: "team/*" }, respond: { status: 501 } },
      { when: { repository: "org/**" }, respond: { status: 502 } },
    ]);
    expect(statusOf(engine.decide(rules, ctx({ repository: "team/app" })))).toBe(501);
    expect(statusOf(engine.decide(rules, ctx({ repository: "team/app/sub" })))).toBe(200);
    expect(statusOf(engine.decide(rules, ctx({ repository: "org/a/b" })))).toBe(502);
    expect(statusOf(engine.decide(rules, ctx({ repository: null })))).toBe(200);
  });
});

describe("URL overrides", () => {
  it("parses status, delay and action within bounds", () => {
    expect(parseQueryOverride(new URLSearchParams("status=503&delay=2000"))).toEqual({
      status: 503,
      delayMs: 2000,
    });
    expect(parseQueryOverride(new URLSearchParams("action=reset"))).toEqual({ action: "reset" });
    // anyone on the LAN can ask for a URL delay: it is clamped lower than a console rule's
    expect(parseQueryOverride(new URLSearchParams("delay=999999"))).toEqual({ delayMs: MAX_QUERY_DELAY_MS });
    expect(MAX_QUERY_DELAY_MS).toBeLessThanOrEqual(60_000);
    expect(parseQueryOverride(new URLSearchParams("status=700&delay=-1&action=explode"))).toBeNull();
    expect(parseQueryOverride(new URLSearchParams("status=99"))).toBeNull();
    expect(parseQueryOverride(new URLSearchParams("token=abc"))).toBeNull();
  });

  it("wins over rules", () => {
    const engine = createRuleEngine();
    const rules = validateRules([{ respond: { status: 500 } }]);
    expect(engine.decide(rules, ctx(), new URLSearchParams("status=503&delay=10"))).toEqual({
      action: "respond",
      status: 503,
      headers: {},
      body: null,
      delayMs: 10,
      rule: "query",
    });
    expect(engine.decide(rules, ctx(), new URLSearchParams("action=hang"))).toEqual({
      action: "hang",
      rule: "query",
    });
    expect(statusOf(engine.decide(rules, ctx(), new URLSearchParams("delay=5")))).toBe(200);
    expect(engine.decide(rules, ctx(), new URLSearchParams("other=1")).rule).toBe(0);
  });
});
