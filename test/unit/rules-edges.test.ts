// Rule validation messages (they reach the console as the 400's text), the inclusive bounds of
// every number, URL override parsing at its edges, and the engine's matching and counters.
import { describe, expect, it } from "vitest";
import {
  MAX_DELAY_MS,
  MAX_RULE_BODY,
  MAX_RULES,
  MAX_SEQUENCE,
  parseQueryOverride,
  validateRules,
} from "../../server/core/rules/index.ts";
import { MAX_QUERY_DELAY_MS } from "../../server/core/rules/query.ts";

function messageOf(input: unknown): string {
  try {
    validateRules(input);
  } catch (error) {
    return (error as Error).message;
  }
  return "accepted";
}

const ok = (respond: unknown, extra: Record<string, unknown> = {}) => [{ respond, ...extra }];

describe("validateRules messages", () => {
  const cases: [unknown, string][] = [
    ["x", "rules: must be a list"],
    [
      Array.from({ length: MAX_RULES + 1 }, () => ({ respond: { status: 200 } })),
      "rules: must hold at most 50 rules",
    ],
    [[null], "rules[0]: must be an object"],
    [[[]], "rules[0]: must be an object"],
    [[{ respond: { status: 200 }, x: 1 }], "rules[0].x: unknown field (allowed: when, schedule, respond)"],
    [[{}], "rules[0].respond: is required"],
    [ok({ status: 200 }, { when: "quay" }), "rules[0].when: must be an object"],
    [
      ok({ status: 200 }, { when: { registry: "gcr" } }),
      expect.stringMatching(/^rules\[0\]\.when\.registry: must be one of quay, .*harbor/),
    ],
    [ok({ status: 200 }, { when: { event: " " } }), "rules[0].when.event: must be a non-empty string"],
    [
      ok({ status: 200 }, { when: { repository: 7 } }),
      "rules[0].when.repository: must be a non-empty string",
    ],
    [
      ok({ status: 200 }, { when: { attempt: 1.5 } }),
      "rules[0].when.attempt: must be an integer from 1 to 1000000",
    ],
    [
      ok({ status: 200 }, { when: { tag: "x" } }),
      "rules[0].when.tag: unknown field (allowed: registry, event, repository, attempt)",
    ],
    [ok({ status: 200 }, { schedule: "always" }), "rules[0].schedule: must be an object"],
    [
      ok({ status: 200 }, { schedule: { kind: "always", n: 1 } }),
      "rules[0].schedule.n: unknown field (allowed: kind)",
    ],
    [
      ok({ status: 200 }, { schedule: { kind: "every", n: 0 } }),
      "rules[0].schedule.n: must be an integer from 1 to 1000000",
    ],
    [
      ok({ status: 200 }, { schedule: { kind: "first", n: 2, p: 1 } }),
      "rules[0].schedule.p: unknown field (allowed: kind, n)",
    ],
    [
      ok({ status: 200 }, { schedule: { kind: "sequence", statuses: "503" } }),
      "rules[0].schedule.statuses: must be a list of 1 to 100 HTTP statuses",
    ],
    [
      ok({ status: 200 }, { schedule: { kind: "sequence", statuses: [503], n: 1 } }),
      "rules[0].schedule.n: unknown field (allowed: kind, statuses)",
    ],
    [
      ok({ status: 200 }, { schedule: { kind: "probability", p: "1" } }),
      "rules[0].schedule.p: must be from 0 to 1",
    ],
    [
      ok({ status: 200 }, { schedule: { kind: "probability", p: -0.1 } }),
      "rules[0].schedule.p: must be from 0 to 1",
    ],
    [
      ok({ status: 200 }, { schedule: { kind: "probability", p: Number.NaN } }),
      "rules[0].schedule.p: must be from 0 to 1",
    ],
    [
      ok({ status: 200 }, { schedule: { kind: "probability", p: 1, n: 2 } }),
      "rules[0].schedule.n: unknown field (allowed: kind, p, seed)",
    ],
    [
      ok({ status: 200 }, { schedule: { kind: "probability", p: 1, seed: -1 } }),
      "rules[0].schedule.seed: must be an integer from 0 to 4294967295",
    ],
    [
      ok({ status: 200 }, { schedule: { kind: "never" } }),
      "rules[0].schedule.kind: must be one of always, first, sequence, every, probability",
    ],
    [ok("503"), "rules[0].respond: must be an object"],
    [ok({ action: "hang", status: 200 }), "rules[0].respond.status: unknown field (allowed: action)"],
    [ok({ action: "drop" }), "rules[0].respond.action: must be hang or reset"],
    [
      ok({ action: "reset" }, { schedule: { kind: "sequence", statuses: [503] } }),
      "rules[0].respond.action: a sequence schedule needs a status response",
    ],
    [
      ok({ status: 200, tag: 1 }),
      "rules[0].respond.tag: unknown field (allowed: status, headers, body, delayMs)",
    ],
    [ok({}), "rules[0].respond.status: must be an integer from 100 to 599"],
    [
      ok({ status: 200, headers: [] }),
      "rules[0].respond.headers: must be an object of header name to string value",
    ],
    [
      ok({ status: 200, headers: { "a b": "x" } }),
      "rules[0].respond.headers.a b: is not a valid header name",
    ],
    [
      ok({ status: 200, headers: { Upgrade: "x" } }),
      "rules[0].respond.headers.Upgrade: is set by the receiver itself",
    ],
    [
      ok({ status: 200, headers: { "X-A": 1 } }),
      "rules[0].respond.headers.X-A: must be a string without line breaks",
    ],
    [
      ok({ status: 200, headers: { "X-A": "a\0" } }),
      "rules[0].respond.headers.X-A: must be a string without line breaks",
    ],
    [
      ok({ status: 200, headers: { "X-A": "a\nb" } }),
      "rules[0].respond.headers.X-A: must be a string without line breaks",
    ],
    [ok({ status: 200, body: 1 }), "rules[0].respond.body: must be a string"],
    [
      ok({ status: 200, body: "é".repeat(MAX_RULE_BODY / 2 + 1) }),
      "rules[0].respond.body: must be at most 65536 bytes",
    ],
    [ok({ status: 200, delayMs: -1 }), "rules[0].respond.delayMs: must be an integer from 0 to 120000"],
  ];
  for (const [input, message] of cases) {
    it(`says ${typeof message === "string" ? message : "which registries exist"}`, () => {
      expect(messageOf(input)).toEqual(message);
    });
  }
});

describe("validateRules bounds are inclusive", () => {
  it("accepts the smallest and largest value of every number", () => {
    const rules = [
      ...Array.from({ length: MAX_RULES - 6 }, () => ({ respond: { status: 100 } })),
      { when: { attempt: 1 }, respond: { status: 599, delayMs: 0 } },
      { when: { attempt: 1_000_000 }, respond: { status: 200, delayMs: MAX_DELAY_MS } },
      { schedule: { kind: "first", n: 1 }, respond: { status: 200 } },
      { schedule: { kind: "every", n: 1_000_000 }, respond: { status: 200 } },
      { schedule: { kind: "probability", p: 0, seed: 0 }, respond: { status: 200 } },
      { schedule: { kind: "probability", p: 1, seed: 0xffffffff }, respond: { status: 200 } },
    ];
    expect(validateRules(rules)).toHaveLength(MAX_RULES);
    const seq = Array.from({ length: MAX_SEQUENCE }, () => 100);
    seq[1] = 599;
    expect(validateRules([{ schedule: { kind: "sequence", statuses: seq } }])[0]?.respond).toEqual({
      status: 100,
    });
    expect(messageOf([{ schedule: { kind: "sequence", statuses: [...seq, 200] } }])).toMatch(
      /statuses: must be/,
    );
    expect(validateRules(ok({ status: 200, body: "x".repeat(MAX_RULE_BODY) }))[0]?.respond).toHaveProperty(
      "body",
    );
  });

  it("keeps the fields it was given and drops none", () => {
    const input = [
      {
        when: { registry: "harbor", event: "PUSH_ARTIFACT", repository: "lib/**", attempt: 2 },
        schedule: { kind: "every", n: 3 },
        respond: { status: 503, headers: { "Retry-After": "5" }, body: "busy", delayMs: 10 },
      },
      { schedule: { kind: "sequence", statuses: [502, 200] }, respond: { status: 418 } },
    ];
    expect(validateRules(input)).toEqual(input);
  });
});

describe("URL override edges", () => {
  const parse = (q: string) => parseQueryOverride(new URLSearchParams(q));
  it("takes statuses 100 and 599 but not three digits outside them or other lengths", () => {
    expect(parse("status=100")).toEqual({ status: 100 });
    expect(parse("status=599")).toEqual({ status: 599 });
    expect(parse("status=600")).toBeNull();
    expect(parse("status=0503")).toBeNull();
    expect(parse("status=503x")).toBeNull();
    expect(parse("status=x503")).toBeNull();
  });
  it("takes delays of up to nine digits, clamped, and refuses more or anything else", () => {
    expect(parse("delay=0")).toEqual({ delayMs: 0 });
    expect(parse(`delay=${MAX_QUERY_DELAY_MS}`)).toEqual({ delayMs: MAX_QUERY_DELAY_MS });
    expect(parse("delay=999999999")).toEqual({ delayMs: MAX_QUERY_DELAY_MS });
    expect(parse("delay=1234567890")).toBeNull();
    expect(parse("delay=1e3")).toBeNull();
    expect(parse("delay=5s")).toBeNull();
    expect(parse("delay=")).toBeNull();
  });
  it("takes hang as an action", () => {
    expect(parse("action=hang")).toEqual({ action: "hang" });
  });
});
