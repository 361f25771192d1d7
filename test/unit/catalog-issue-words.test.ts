// Validation issues in words: each Ajv keyword's message, the offending value found by its
// pointer (own keys only) and cut to size, and pruning to the issues that explain the most.
import type { ErrorObject } from "ajv";
import { describe, expect, it } from "vitest";
import type { ValidationIssue } from "../../server/contract/index.ts";
import {
  bounded,
  escapePointer,
  MAX_VALUE_CHARS,
  prune,
  toIssue,
  valueAt,
} from "../../server/core/catalog/issues.ts";

const err = (
  keyword: string,
  instancePath: string,
  params: Record<string, unknown>,
  extra: Partial<ErrorObject> = {},
) => ({ keyword, instancePath, schemaPath: "#", params, ...extra }) as ErrorObject;

describe("valueAt", () => {
  const body = { a: { "b/c": [10, { "d~e": "x" }] }, n: null };
  it("follows a pointer with escaped tokens through objects and arrays", () => {
    expect(valueAt(body, "")).toBe(body);
    expect(valueAt(body, "/a/b~1c/0")).toBe(10);
    expect(valueAt(body, "/a/b~1c/1/d~0e")).toBe("x");
    expect(valueAt(body, "/a/missing")).toBeUndefined();
    expect(valueAt(body, "/n/x")).toBeUndefined();
    expect(valueAt(body, "/a/b~1c/0/x")).toBeUndefined();
    expect(valueAt(body, "/a/constructor")).toBeUndefined();
    expect(valueAt({ "~1": 1, "/": 2 }, "/~01")).toBe(1);
  });
  it("escapes ~ before /", () => {
    expect(escapePointer("a~/b")).toBe("a~0~1b");
  });
});

describe("bounded", () => {
  it("cuts long strings and large objects, and keeps the rest as it is", () => {
    const long = "x".repeat(MAX_VALUE_CHARS + 1);
    expect(bounded(long)).toBe(`${"x".repeat(MAX_VALUE_CHARS)}…`);
    expect(bounded("x".repeat(MAX_VALUE_CHARS))).toBe("x".repeat(MAX_VALUE_CHARS));
    const big = { k: "y".repeat(MAX_VALUE_CHARS) };
    expect(bounded(big)).toBe(`${JSON.stringify(big).slice(0, MAX_VALUE_CHARS)}…`);
    const small = { k: 1 };
    expect(bounded(small)).toBe(small);
    expect(bounded(null)).toBeNull();
    expect(bounded(5)).toBe(5);
  });
});

describe("toIssue", () => {
  const body = { tags: "v1", n: 2.5, list: [], obj: {}, nil: null, flag: true, count: 3, extra: "z" };
  const issue = (e: ErrorObject) => toIssue(e, body);

  it("says a missing property, with a rule's description when the schema is only a rule", () => {
    expect(issue(err("required", "/obj", { missingProperty: "a/b" }))).toEqual({
      pointer: "/obj/a~1b",
      message: 'required property "a/b" is missing',
      keyword: "required",
    });
    const rule = { description: "a push names its tags" };
    expect(issue(err("required", "", { missingProperty: "tags" }, { parentSchema: rule })).message).toBe(
      'required property "tags" is missing: a push names its tags',
    );
    const full = { description: "the body", properties: {} };
    expect(issue(err("required", "", { missingProperty: "tags" }, { parentSchema: full })).message).toBe(
      'required property "tags" is missing',
    );
  });

  it("puts an undocumented field's issue at the field, with its value", () => {
    expect(issue(err("unevaluatedProperties", "", { unevaluatedProperty: "extra" }))).toEqual({
      pointer: "/extra",
      message: '"extra" is not in the documented body',
      keyword: "unevaluatedProperties",
      value: "z",
    });
  });

  it("says each type problem with articles, and what it got", () => {
    const typeMessage = (path: string, type: string) => issue(err("type", path, { type })).message;
    expect(typeMessage("/tags", "array")).toBe("should be an array, got a string");
    expect(typeMessage("/n", "integer")).toBe("should be an integer, got a number");
    expect(typeMessage("/list", "object,null")).toBe("should be an object or null, got an array");
    expect(typeMessage("/nil", "string")).toBe("should be a string, got null");
    expect(typeMessage("/count", "string")).toBe("should be a string, got an integer");
    expect(typeMessage("/flag", "string")).toBe("should be a string, got a boolean");
    expect(typeMessage("/obj", "string")).toBe("should be a string, got an object");
  });

  it("says const, enum, format, pattern and limits in words", () => {
    const m = (keyword: string, params: Record<string, unknown>) =>
      issue(err(keyword, "/tags", params)).message;
    expect(m("const", { allowedValue: "push" })).toBe('should be "push"');
    expect(m("enum", { allowedValues: ["a", 1] })).toBe('should be one of "a", 1');
    expect(m("format", { format: "uuid" })).toBe("should be a UUID");
    expect(m("format", { format: "date-time" })).toBe(
      "should be an RFC 3339 date-time like 2019-05-15T19:39:40Z",
    );
    expect(m("format", { format: "ipv4" })).toBe("should be a valid ipv4");
    expect(m("pattern", { pattern: "^/" })).toBe("should be a path starting with /");
    expect(m("pattern", { pattern: "^x+$" })).toBe("should be text matching ^x+$");
    expect(m("minItems", { limit: 1 })).toBe("should have at least 1 item(s)");
    expect(m("minProperties", { limit: 2 })).toBe("should have at least 2 key(s)");
    expect(m("minimum", { limit: 0 })).toBe("should be at least 0");
    expect(m("maximum", { limit: 9 })).toBe("should be at most 9");
    expect(m("anyOf", {})).toBe("matches none of the accepted shapes");
  });

  it("falls back to Ajv's message, then the keyword, and carries the value", () => {
    expect(
      issue(err("multipleOf", "/count", { multipleOf: 2 }, { message: "must be multiple of 2" })),
    ).toEqual({
      pointer: "/count",
      message: "must be multiple of 2",
      keyword: "multipleOf",
      value: 3,
    });
    expect(issue(err("uniqueItems", "/list", {})).message).toBe("uniqueItems");
    expect(issue(err("constructor", "/list", {})).message).toBe("constructor");
  });
});

describe("prune", () => {
  const i = (pointer: string, keyword: string, message = keyword, value?: unknown): ValidationIssue => ({
    pointer,
    keyword,
    message,
    ...(value === undefined ? {} : { value }),
  });

  it("drops if wrappers and duplicates", () => {
    expect(prune([i("", "if"), i("/a", "required"), i("/a", "required")])).toEqual([i("/a", "required")]);
    expect(prune([i("/a", "required", "one"), i("/a", "required", "two")])).toHaveLength(2);
  });

  it("folds an anyOf's type branches into one issue at its pointer", () => {
    const out = prune([
      i("/t", "type", "should be an array, got a string", "x"),
      i("/t", "type", "should be an object, got a string", "x"),
      i("/t", "type", "should be an object, got a string", "x"),
      i("/t", "anyOf", "matches none of the accepted shapes", "x"),
    ]);
    expect(out).toEqual([i("/t", "anyOf", "should be an array or an object, got a string", "x")]);
  });

  it("drops an anyOf that a deeper issue explains, at any depth", () => {
    const out = prune([i("/a", "anyOf"), i("", "anyOf"), i("/a/b/c", "required"), i("/z", "anyOf")]);
    expect(out).toEqual([i("/a/b/c", "required"), i("/z", "anyOf")]);
  });

  it("keeps an anyOf without type branches as it was", () => {
    expect(prune([i("/q", "anyOf", "matches none of the accepted shapes", 1)])).toEqual([
      i("/q", "anyOf", "matches none of the accepted shapes", 1),
    ]);
  });

  it("keeps issues of siblings that share a parent", () => {
    expect(prune([i("/a/b", "required"), i("/a/c", "required"), i("/a", "anyOf")])).toEqual([
      i("/a/b", "required"),
      i("/a/c", "required"),
    ]);
  });
});
