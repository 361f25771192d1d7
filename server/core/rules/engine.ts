// Decides how the receiver answers one delivery: URL override, else the first matching rule whose
// schedule fires, else the default 200. Owns the per-endpoint counters and seeded generators.
import picomatch from "picomatch";
import type { Rule } from "../../contract/types.ts";
import { parseQueryOverride } from "./query.ts";

export interface DecideContext {
  endpoint: string;
  registry: string | null;
  event: string | null;
  repository: string | null;
  /** Attempt number within the chain, 1-based. */
  attempt: number;
  chainId: string;
}

export type Decision =
  | {
      action: "respond";
      status: number;
      headers: Record<string, string>;
      body: string | null;
      delayMs: number;
      rule: number | "query" | null;
    }
  | { action: "hang"; rule: number | "query" }
  | { action: "reset"; rule: number | "query" };

export interface RuleEngine {
  /** The answer for one delivery; `query` overrides win over `rules`. */
  decide(rules: readonly Rule[], ctx: DecideContext, query?: URLSearchParams): Decision;
  /** Forget `every` counters and `probability` generators (of one endpoint, or all). */
  reset(endpoint?: string): void;
}

/** Schedule state kept per endpoint; stale entries (edited rules) beyond this are dropped oldest first. */
const MAX_STATES_PER_ENDPOINT = 200;
const MAX_GLOBS = 500;

interface ScheduleState {
  count: number;
  next?: () => number;
}

/** mulberry32: a tiny PRNG, so `probability` with a seed gives the same decisions on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Create a rule engine. Schedules: `first n` and `sequence` count attempts within a chain;
 * `every n` and `probability` count matching deliveries to the endpoint.
 * @example createRuleEngine().decide(rules, { endpoint: "ci", attempt: 1, ... })
 */
export function createRuleEngine(): RuleEngine {
  const states = new Map<string, Map<string, ScheduleState>>();
  const globs = new Map<string, (name: string) => boolean>();

  function matchGlob(glob: string, name: string): boolean {
    let test = globs.get(glob);
    if (!test) {
      if (globs.size >= MAX_GLOBS) globs.clear();
      test = picomatch(glob, { dot: true });
      globs.set(glob, test);
    }
    return test(name);
  }

  function matches(when: Rule["when"], ctx: DecideContext): boolean {
    if (!when) return true;
    if (when.registry !== undefined && when.registry !== ctx.registry) return false;
    if (when.event !== undefined && when.event !== ctx.event) return false;
    if (when.attempt !== undefined && when.attempt !== ctx.attempt) return false;
    if (
      when.repository !== undefined &&
      (ctx.repository === null || !matchGlob(when.repository, ctx.repository))
    ) {
      return false;
    }
    return true;
  }

  // Keyed by index and content, so editing a rule starts its counter afresh.
  function stateFor(endpoint: string, index: number, rule: Rule): ScheduleState {
    let perEndpoint = states.get(endpoint);
    if (!perEndpoint) {
      perEndpoint = new Map();
      states.set(endpoint, perEndpoint);
    }
    const key = `${index}:${JSON.stringify(rule)}`;
    let state = perEndpoint.get(key);
    if (!state) {
      if (perEndpoint.size >= MAX_STATES_PER_ENDPOINT) {
        const oldest = perEndpoint.keys().next().value;
        if (oldest !== undefined) perEndpoint.delete(oldest);
      }
      state = { count: 0 };
      perEndpoint.set(key, state);
    }
    return state;
  }

  /** Whether the rule's schedule fires; for a sequence, the status it prescribes. */
  function fire(rule: Rule, index: number, ctx: DecideContext): { fires: boolean; status?: number } {
    const schedule = rule.schedule ?? { kind: "always" };
    switch (schedule.kind) {
      case "always":
        return { fires: true };
      case "first":
        return { fires: ctx.attempt <= schedule.n };
      case "sequence": {
        const status = schedule.statuses[ctx.attempt - 1];
        return status === undefined ? { fires: false } : { fires: true, status };
      }
      case "every": {
        const state = stateFor(ctx.endpoint, index, rule);
        state.count += 1;
        return { fires: state.count % schedule.n === 0 };
      }
      case "probability": {
        const state = stateFor(ctx.endpoint, index, rule);
        state.next ??= mulberry32(schedule.seed ?? Math.floor(Math.random() * 0x100000000));
        return { fires: state.next() < schedule.p };
      }
    }
  }

  return {
    decide(rules, ctx, query) {
      const override = query ? parseQueryOverride(query) : null;
      if (override) {
        if (override.action) return { action: override.action, rule: "query" };
        return {
          action: "respond",
          status: override.status ?? 200,
          headers: {},
          body: null,
          delayMs: override.delayMs ?? 0,
          rule: "query",
        };
      }
      for (const [index, rule] of rules.entries()) {
        if (!matches(rule.when, ctx)) continue;
        const { fires, status } = fire(rule, index, ctx);
        if (!fires) continue;
        const respond = rule.respond;
        if ("action" in respond) return { action: respond.action, rule: index };
        return {
          action: "respond",
          status: status ?? respond.status,
          headers: { ...respond.headers },
          body: respond.body ?? null,
          delayMs: respond.delayMs ?? 0,
          rule: index,
        };
      }
      return { action: "respond", status: 200, headers: {}, body: null, delayMs: 0, rule: null };
    },
    reset(endpoint) {
      if (endpoint === undefined) states.clear();
      else states.delete(endpoint);
    },
  };
}
