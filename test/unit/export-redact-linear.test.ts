import { describe, expect, it } from "vitest";
import { exportDelivery } from "../../server/export/index.ts";
import { createRedactor } from "../../server/export/redact.ts";
import { runWithin } from "../helpers/deadline.ts";
import { makeDelivery } from "../helpers/delivery.ts";

/** 1 MB: before the fix, `a-a-a…` of 160 KB alone took 15 s; linear work here takes ~0.1 s. */
const SIZE = 1024 * 1024;
/** Generous for a shared 2-core machine, and still far below what a quadratic pattern needs. */
const BUDGET_MS = 3000;

const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

/** The worst text for each part of the built-in pattern (redact-patterns.ts). */
const WORST_CASES: [pattern: string, body: string][] = [
  ["scheme: Bearer/Basic without a credential", fill("Bearer ")],
  ["scheme: a credential ending in a long = run", `Basic dXNlcjpw${fill("=")}`],
  ["jwt: eyJ starts inside one long token run", fill("eyJa-")],
  ["jwt: two segments and no third", fill("eyJaaaa.")],
  ["param: secret parameters with empty values", fill("?token=&")],
  ["url: word boundaries in a long scheme-like run (a-a-a-…)", fill("a-")],
  ["url: dotted scheme-like run (a.a.a…)", fill("a.")],
  ["url: plus-joined scheme-like run", fill("a+")],
  ["url: schemes with nothing after them", fill("a://")],
  ["url: userinfo that never reaches @", `a://${fill("x:")}`],
  ["ipv4: an endless dotted quad (1.1.1.1.…)", fill("1.")],
  ["ipv4: octets that almost fit", fill("255.255.255.256.")],
  ["ipv6: colon runs", fill(":")],
  ["ipv6: hex groups that never end", fill("ffff:")],
  ["ipv6: short groups between spaces", fill(" 1:1:1:1:1:1:1:1:1")],
  ["host: dotted labels mixed with dashes", fill("a.a-")],
  ["host: labels longer than 63 characters", fill(`${"a".repeat(70)}.`)],
  ["host: digit-only labels", fill("1.1.")],
  ["lhost: names before a colon and digits", fill("a:1")],
  ["percent runs", fill("%")],
  ["equals runs", fill("=")],
  ["plain letters", fill("a")],
];

describe("built-in redaction runs in linear time", () => {
  it.each(WORST_CASES)("masks a 1 MB worst case for %s within the budget", (_pattern, body) => {
    const out = runWithin(BUDGET_MS, () => createRedactor().text(body));
    // A number, not the text: a failure must not print a megabyte. Some cases are masked
    // whole (the Basic credential, the JWT-like runs), so only "an answer came back" is general.
    expect(out.length).toBeGreaterThan(0);
  });

  it("redacts a 1 MB worst case inside a JSON string value within the budget", () => {
    const d = makeDelivery({ text: JSON.stringify({ note: fill("a-") }) });
    const md = runWithin(BUDGET_MS, () => exportDelivery(d, "md", { redact: true }).body as string);
    expect(md.includes(`"note": "a-a-a-`)).toBe(true);
  });

  it("still finds what it should after a long adversarial run", () => {
    const out = runWithin(BUDGET_MS, () =>
      createRedactor().text(`${fill("a-").slice(0, 100_000)} https://quay.corp.internal/x 10.1.2.3`),
    );
    expect(out.slice(100_000)).toBe(" https://registry.example.com/x 192.0.2.1");
  });
});
