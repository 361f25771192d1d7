// The shared presets and the "every attempt fails" check the console warns with.
import { describe, expect, it } from "vitest";
import { failsEveryAttempt, presetsFor, type Rule } from "../../server/contract/index.ts";
import { validateRules } from "../../server/core/rules/index.ts";

const quay = { registry: "quay", attempts: 3, success: "2xx" } as const;
const first = (n: number): Rule[] => [{ schedule: { kind: "first", n }, respond: { status: 503 } }];

describe("presetsFor", () => {
  it("puts 'fail all but the last attempt' first for a sender with a fixed attempt count", () => {
    expect(presetsFor(3)[0]).toMatchObject({ id: "fail-all-but-last", rules: first(2) });
    expect(presetsFor(null).map((p) => p.id)).not.toContain("fail-all-but-last");
    expect(presetsFor(1).map((p) => p.id)).not.toContain("fail-all-but-last");
    for (const preset of presetsFor(3)) expect(validateRules(preset.rules)).toEqual(preset.rules);
  });
});

describe("failsEveryAttempt", () => {
  it("says Quay gives up under 'fail first 3' but not under 'fail first 2'", () => {
    expect(failsEveryAttempt(first(3), quay)).toBe(true);
    expect(failsEveryAttempt(first(2), quay)).toBe(false);
  });

  it("counts hangs and resets as failures and the default answer as success", () => {
    expect(failsEveryAttempt([{ respond: { action: "hang" } }], quay)).toBe(true);
    expect(failsEveryAttempt([], quay)).toBe(false);
  });

  it("follows attempt conditions and sequences, and stays silent when chance or content decides", () => {
    const seq: Rule[] = [
      { schedule: { kind: "sequence", statuses: [500, 500, 302] }, respond: { status: 500 } },
    ];
    expect(failsEveryAttempt(seq, quay)).toBe(true);
    expect(failsEveryAttempt(seq, { ...quay, success: "2xx-3xx" })).toBe(false);
    expect(failsEveryAttempt([{ when: { attempt: 3 }, respond: { status: 200 } }, ...first(9)], quay)).toBe(
      false,
    );
    expect(
      failsEveryAttempt([{ schedule: { kind: "probability", p: 1 }, respond: { status: 503 } }], quay),
    ).toBe(false);
    expect(failsEveryAttempt([{ when: { repository: "ns/*" }, respond: { status: 503 } }], quay)).toBe(false);
    expect(failsEveryAttempt(first(99), { ...quay, attempts: null })).toBe(false);
  });
});
