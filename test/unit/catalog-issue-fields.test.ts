// Issue pruning and value bounds, the depth guard of the body parser, and the schema bundling
// the console shows (one self-contained schema per event).
import { describe, expect, it } from "vitest";
import type { ValidationIssue } from "../../server/contract/index.ts";
import { bundleSchema } from "../../server/core/catalog/bundle.ts";
import { bounded, MAX_VALUE_CHARS, prune } from "../../server/core/catalog/issues.ts";
import { MAX_JSON_DEPTH, nestingDepth, parseBody } from "../../server/core/catalog/parse.ts";
import type { JsonSchema } from "../../server/core/catalog/schemas.ts";

const issue = (pointer: string, keyword: string, message: string, value?: unknown): ValidationIssue => ({
  pointer,
  keyword,
  message,
  value,
});

describe("bounded values", () => {
  it("keeps scalars and missing values as they are", () => {
    expect(bounded(undefined)).toBeUndefined();
    expect(bounded(null)).toBeNull();
    expect(bounded(12345)).toBe(12345);
  });

  it("keeps an object whose JSON is exactly the limit, and cuts one a character longer", () => {
    const exact = { k: "x".repeat(MAX_VALUE_CHARS - 8) };
    expect(JSON.stringify(exact)).toHaveLength(MAX_VALUE_CHARS);
    expect(bounded(exact)).toBe(exact);
    const over = { k: "x".repeat(MAX_VALUE_CHARS - 7) };
    expect(bounded(over)).toBe(`${JSON.stringify(over).slice(0, MAX_VALUE_CHARS)}…`);
  });
});

describe("pruning issues", () => {
  const anyOf = (pointer: string) => issue(pointer, "anyOf", "matches none of the accepted shapes", 1);

  it("drops an anyOf that a deeper issue explains, however deep", () => {
    const deep = issue("/a/b/c", "type", "should be a string, got an integer", 1);
    expect(prune([anyOf("/a"), deep])).toEqual([deep]);
  });

  it("keeps an anyOf whose pointer only shares a prefix of characters with the deeper issue", () => {
    const deep = issue("/ab/c", "type", "should be a string, got an integer", 1);
    expect(prune([anyOf("/a"), deep])).toEqual([anyOf("/a"), deep]);
  });

  it("words an anyOf by its branches' types only", () => {
    const branches = [
      issue("/v", "type", "should be an array, got an integer", 1),
      issue("/v", "const", 'should be "none"', 1),
    ];
    expect(prune([anyOf("/v"), ...branches])).toEqual([
      issue("/v", "anyOf", "should be an array, got an integer", 1),
    ]);
    expect(prune([anyOf("/w"), issue("/w", "const", 'should be "none"', 1)])).toEqual([anyOf("/w")]);
  });

  it("keeps a plain issue even when a deeper one sits below it", () => {
    const outer = issue("/a", "minProperties", "should have at least 2 key(s)", {});
    const inner = issue("/a/b", "required", 'required property "b" is missing');
    expect(prune([outer, inner])).toEqual([outer, inner]);
  });
});

describe("the depth guard", () => {
  it("measures the deepest nesting, not the last", () => {
    expect(nestingDepth("[[[]]][]", 10)).toBe(3);
  });

  it("parses a body exactly MAX_JSON_DEPTH deep that has more brackets than that", () => {
    const deep = `${"[".repeat(MAX_JSON_DEPTH - 1)}${"]".repeat(MAX_JSON_DEPTH - 1)}`;
    const text = `[[],${deep}]`;
    expect(nestingDepth(text, MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH);
    expect(parseBody(text).ok).toBe(true);
  });

  it("refuses a bomb of objects inside an array", () => {
    const levels = MAX_JSON_DEPTH + 6;
    const text = `[${'{"a":'.repeat(levels)}1${"}".repeat(levels)}]`;
    expect(parseBody(text)).toEqual({
      ok: false,
      issue: {
        pointer: "",
        keyword: "depth",
        message: `nested deeper than ${MAX_JSON_DEPTH} levels, so it was not parsed`,
      },
    });
  });
});

describe("bundling a schema", () => {
  const BASE = "https://quayside.invalid/schemas";
  const shared: JsonSchema[] = [
    { $id: `${BASE}/common.json`, $defs: { digest: { type: "string", pattern: "^sha256:" } } },
    { $id: `${BASE}/tag.json`, type: "string", maxLength: 128 },
  ];

  it("inlines refs in objects and arrays, whole files and fragments, and keeps siblings with allOf", () => {
    const schema: JsonSchema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: `${BASE}/quay/repo_push.json`,
      type: "object",
      required: ["digest"],
      properties: {
        digest: { $ref: "../common.json#/$defs/digest" },
        tag: { $ref: "../tag.json", description: "the pushed tag" },
        kind: { enum: ["a", null] },
        tags: { anyOf: [{ $ref: "../tag.json" }, { type: "null" }] },
        lost: { $ref: "../common.json#/$defs/missing/deeper" },
      },
    };
    expect(bundleSchema(schema, shared)).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      required: ["digest"],
      properties: {
        digest: { type: "string", pattern: "^sha256:" },
        tag: { allOf: [{ type: "string", maxLength: 128 }], description: "the pushed tag" },
        kind: { enum: ["a", null] },
        tags: { anyOf: [{ type: "string", maxLength: 128 }, { type: "null" }] },
        lost: undefined,
      },
    });
  });

  it("stops inlining a cycle after a bounded depth and leaves the last ref in place", () => {
    const schema: JsonSchema = {
      $id: `${BASE}/x/loop.json`,
      $defs: { node: { $ref: "#/$defs/node", title: "node" } },
      properties: { root: { $ref: "#/$defs/node" } },
    };
    const bundled = bundleSchema(schema, []) as { properties: { root: unknown } };
    let node = bundled.properties.root as Record<string, unknown>;
    let levels = 0;
    while (Array.isArray(node.allOf)) {
      levels++;
      node = node.allOf[0] as Record<string, unknown>;
    }
    expect(levels).toBe(15);
    expect(node).toEqual({ $ref: "#/$defs/node", title: "node" });
  });
});
