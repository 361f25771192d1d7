// The catalog's words (`quayside validate` and plain-text exports print them) and its body
// parser's guards: emptiness, the depth check that skips brackets inside strings, and errors.
import { describe, expect, it } from "vitest";
import { describeRecognition, describeValidity, formatIssues } from "../../server/core/catalog/format.ts";
import type { Classification } from "../../server/core/catalog/index.ts";
import { MAX_JSON_DEPTH, nestingDepth, parseBody } from "../../server/core/catalog/parse.ts";

function c(over: Partial<Classification>): Classification {
  return {
    registry: null,
    event: null,
    detection: "unknown",
    confidence: null,
    validity: "unknown-event",
    issues: [],
    issueTotal: 0,
    issueTotalAtLeast: false,
    repository: null,
    tag: null,
    digest: null,
    senderId: null,
    envelope: null,
    ...over,
  };
}

describe("formatIssues", () => {
  it("writes pointer, message and the value as JSON, with (root) for the empty pointer", () => {
    expect(
      formatIssues([
        { pointer: "/updated_tags", message: "should be an array", keyword: "type", value: "x" },
        { pointer: "", message: "should be an object", keyword: "type" },
        { pointer: "/n", message: "too small", keyword: "minimum", value: 0 },
      ]),
    ).toEqual([
      '/updated_tags: should be an array ("x")',
      "(root): should be an object",
      "/n: too small (0)",
    ]);
  });
});

describe("describeRecognition", () => {
  it("says how a body was recognised", () => {
    expect(describeRecognition(c({ registry: "quay", event: "repo_push", detection: "declared" }))).toBe(
      "Quay repo_push, declared by the body itself",
    );
    expect(describeRecognition(c({ registry: "harbor", event: null, detection: "pinned" }))).toBe(
      "Harbor (no event), as pinned",
    );
    expect(describeRecognition(c({ event: "push", detection: "pinned" }), "by the URL")).toBe(
      "push, by the URL",
    );
    expect(describeRecognition(c({ detection: "pinned" }))).toBe("an unknown registry, as pinned");
    expect(
      describeRecognition(
        c({ registry: "quay", event: "repo_push", detection: "guessed", confidence: 0.876 }),
      ),
    ).toBe("Quay repo_push, guessed from its fields (88% sure)");
    expect(describeRecognition(c({ registry: "quay", event: "repo_push", detection: "guessed" }))).toBe(
      "Quay repo_push, guessed from its fields (0% sure)",
    );
    expect(describeRecognition(c({}))).toBe("no known registry event");
  });
});

describe("describeValidity", () => {
  const issue = { pointer: "", message: "m", keyword: "k" };
  it("gives the verdict in words, with the count's plural", () => {
    expect(describeValidity(c({ validity: "valid" }))).toBe("valid");
    expect(describeValidity(c({ validity: "invalid", issues: [issue] }))).toBe("invalid: 1 problem");
    expect(describeValidity(c({ validity: "invalid", issues: [issue, issue] }))).toBe("invalid: 2 problems");
    expect(describeValidity(c({ validity: "not-validated" }))).toBe("not validated (endpoint setting)");
    expect(
      describeValidity(c({ validity: "not-json", issues: [{ ...issue, message: "not valid JSON: x" }] })),
    ).toBe("not JSON: not valid JSON: x");
    expect(describeValidity(c({ validity: "not-json" }))).toBe("not JSON: unparseable");
    expect(describeValidity(c({ event: "repo_pull" }))).toBe('"repo_pull" is not an event in the catalog');
    expect(describeValidity(c({}))).toBe("not a body any known registry sends");
  });
});

describe("nestingDepth", () => {
  it("counts objects and arrays, not brackets inside strings or after escapes", () => {
    expect(nestingDepth("", 10)).toBe(0);
    expect(nestingDepth('{"a":[1,{"b":2}]}', 10)).toBe(3);
    expect(nestingDepth("[[]] [[[]]]", 10)).toBe(3);
    expect(nestingDepth('{"a":"[[[{{{"}', 10)).toBe(1);
    expect(nestingDepth('{"a":"\\"[[[[","b":[]}', 10)).toBe(2);
    expect(nestingDepth('{"a":"\\\\","b":[[]]}', 10)).toBe(3);
  });

  it("stops counting once past the maximum", () => {
    expect(nestingDepth("[".repeat(100), 5)).toBe(6);
    expect(nestingDepth("[".repeat(5), 5)).toBe(5);
  });
});

describe("parseBody", () => {
  it("refuses an empty or blank body", () => {
    for (const text of ["", " \n\t"]) {
      expect(parseBody(text)).toEqual({
        ok: false,
        issue: { pointer: "", message: "the body is empty, not JSON", keyword: "json" },
      });
    }
  });

  it("parses up to the depth limit, and refuses one level more without parsing", () => {
    const nest = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    expect(parseBody(nest(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(parseBody(nest(MAX_JSON_DEPTH + 1))).toEqual({
      ok: false,
      issue: { pointer: "", message: "nested deeper than 64 levels, so it was not parsed", keyword: "depth" },
    });
  });

  it("parses a body with many brackets side by side, or many inside strings", () => {
    const wide = `[${Array.from({ length: 100 }, () => "{}").join(",")}]`;
    expect(parseBody(wide)).toEqual({ ok: true, value: Array.from({ length: 100 }, () => ({})) });
    const inString = JSON.stringify({ s: "[".repeat(100) });
    expect(parseBody(inString)).toEqual({ ok: true, value: { s: "[".repeat(100) } });
    const mixed = `${"[".repeat(40)}${"]".repeat(40)}`;
    expect(parseBody(`[${mixed},${mixed}]`).ok).toBe(true);
  });

  it("says why text is not JSON", () => {
    const r = parseBody("{nope");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issue.keyword).toBe("json");
      expect(r.issue.message).toMatch(/^not valid JSON: .+/);
    }
  });
});
