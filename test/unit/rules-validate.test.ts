// Rule validation: what a user may save, with clear errors, and input keyed by name.
import { describe, expect, it } from "vitest";
import { MAX_DELAY_MS, RULE_PRESETS, RulesError, validateRules } from "../../server/core/rules/index.ts";

describe("validateRules", () => {
  it("accepts every preset unchanged", () => {
    expect(RULE_PRESETS.map((p) => p.id)).toEqual([
      "fail-first-3",
      "always-500",
      "time-out",
      "flaky-30",
      "reset-connection",
    ]);
    for (const preset of RULE_PRESETS) expect(validateRules(preset.rules)).toEqual(preset.rules);
  });

  it("fills a sequence's status when respond is left out", () => {
    expect(validateRules([{ schedule: { kind: "sequence", statuses: [503, 200] } }])).toEqual([
      { schedule: { kind: "sequence", statuses: [503, 200] }, respond: { status: 503 } },
    ]);
  });

  const bad: [string, unknown, string][] = [
    ["a non-list", { rules: [] }, "rules"],
    ["a missing respond", [{}], "rules[0].respond"],
    ["an unknown field", [{ respond: { status: 200 }, whne: {} }], "rules[0].whne"],
    ["a status out of range", [{ respond: { status: 700 } }], "rules[0].respond.status"],
    [
      "an unknown registry",
      [{ when: { registry: "gcr" }, respond: { status: 200 } }],
      "rules[0].when.registry",
    ],
    ["a zero attempt", [{ when: { attempt: 0 }, respond: { status: 200 } }], "rules[0].when.attempt"],
    [
      "an unknown schedule",
      [{ schedule: { kind: "sometimes" }, respond: { status: 200 } }],
      "rules[0].schedule.kind",
    ],
    ["a first without n", [{ schedule: { kind: "first" }, respond: { status: 200 } }], "rules[0].schedule.n"],
    ["an empty sequence", [{ schedule: { kind: "sequence", statuses: [] } }], "rules[0].schedule.statuses"],
    [
      "a bad sequence status",
      [{ schedule: { kind: "sequence", statuses: [503, 42] } }],
      "rules[0].schedule.statuses[1]",
    ],
    [
      "a sequence with hang",
      [{ schedule: { kind: "sequence", statuses: [503] }, respond: { action: "hang" } }],
      "rules[0].respond.action",
    ],
    [
      "a probability above 1",
      [{ schedule: { kind: "probability", p: 1.5 }, respond: { status: 503 } }],
      "rules[0].schedule.p",
    ],
    [
      "a fractional seed",
      [{ schedule: { kind: "probability", p: 0.5, seed: 1.5 }, respond: { status: 503 } }],
      "rules[0].schedule.seed",
    ],
    ["an unknown action", [{ respond: { action: "explode" } }], "rules[0].respond.action"],
    [
      "a too long delay",
      [{ respond: { status: 200, delayMs: MAX_DELAY_MS + 1 } }],
      "rules[0].respond.delayMs",
    ],
    [
      "a header with a newline",
      [{ respond: { status: 200, headers: { "X-A": "a\r\nb" } } }],
      "rules[0].respond.headers.X-A",
    ],
    [
      "a framing header",
      [{ respond: { status: 200, headers: { "Content-Length": "1" } } }],
      "rules[0].respond.headers.Content-Length",
    ],
    ["a non-string body", [{ respond: { status: 200, body: { a: 1 } } }], "rules[0].respond.body"],
    [
      "a bad second rule",
      [{ respond: { status: 200 } }, { respond: { status: "503" } }],
      "rules[1].respond.status",
    ],
  ];

  for (const [what, input, path] of bad) {
    it(`refuses ${what}, naming ${path}`, () => {
      let caught: unknown;
      try {
        validateRules(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RulesError);
      expect((caught as RulesError).path).toBe(path);
      expect((caught as RulesError).message.startsWith(`${path}: `)).toBe(true);
    });
  }
});

describe("rule input keyed by name", () => {
  it("keeps a header named __proto__ as a header, and leaves Object.prototype alone", () => {
    const rules = validateRules(JSON.parse('[{"respond":{"status":200,"headers":{"__proto__":"x"}}}]'));
    const respond = rules[0]?.respond as { headers?: Record<string, string> };
    expect(Object.entries(respond.headers ?? {})).toEqual([["__proto__", "x"]]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
