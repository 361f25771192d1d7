import { describe, expect, it } from "vitest";
import { createExportApi } from "../../server/console/api/export.ts";
import { exportDelivery } from "../../server/export/index.ts";
import { PatternError, parsePattern } from "../../server/export/prepare.ts";
import { createRedactor } from "../../server/export/redact.ts";
import { createMemoryStore } from "../../server/store/memory.ts";
import { runWithin } from "../helpers/deadline.ts";
import { makeDelivery } from "../helpers/delivery.ts";

/** A JavaScript RegExp needs ~2^n steps for this on n a's; RE2 needs one pass. */
const REDOS = "/^(a+)+$/";
const BUDGET_MS = 3000;

describe("user-typed export patterns", () => {
  it("runs a catastrophic-backtracking pattern over a long hostile body in linear time", () => {
    const body = `${"a".repeat(50_000)}!`;
    const d = makeDelivery({ text: body, registry: null, event: null });
    const md = runWithin(
      BUDGET_MS,
      () => exportDelivery(d, "md", { redact: true, extraPatterns: [REDOS] }).body as string,
    );
    expect(md.includes(`\`\`\`text\n${body}\n\`\`\``)).toBe(true);
  });

  it("still masks what a pattern matches, with flags, named groups and literal strings", () => {
    const r = createRedactor({
      extraPatterns: [parsePattern("/cust-(?<n>\\d+)/i"), "ACME $1 Corp", /team-[a-z]+/],
    });
    expect(r.text("CUST-42 of ACME $1 Corp in team-blue")).toBe("<redacted> of <redacted> in <redacted>");
  });

  it("leaves text alone where a pattern matches only the empty string", () => {
    expect(createRedactor({ extraPatterns: [parsePattern("/x*/")] }).text("abc")).toBe("abc");
  });

  it.each([
    ["/(a)\\1/", /back-references/],
    ["/a(?=b)/", /lookarounds/],
    ["/a(/", /not a regular expression/],
    ["/a/y", /flag "y"/],
    [`/${"a".repeat(1001)}/`, /longer than 1000/],
  ])("refuses %s with a message that says why", (pattern, message) => {
    expect(() => parsePattern(pattern)).toThrow(PatternError);
    expect(() => parsePattern(pattern)).toThrow(message);
  });

  it("answers 400 bad_request naming the problem for a pattern RE2 cannot run", async () => {
    const store = createMemoryStore({ retention: 10 });
    await store.add(makeDelivery({ id: "d1" }));
    const app = createExportApi({
      store,
      baseUrl: () => "https://localhost:8443",
    });
    const res = await app.request(
      `/deliveries/d1/export?format=md&pattern=${encodeURIComponent("/(a)\\1/")}`,
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toMatch(/back-references or lookarounds/);
    const many = new URLSearchParams(Array.from({ length: 21 }, (_, i) => ["pattern", `p${i}`]));
    expect((await app.request(`/deliveries/d1/export?format=md&${many}`)).status).toBe(400);
  });
});
