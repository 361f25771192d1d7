// Validation of a body against a small hand-made schema set: fail-first and full checks, the
// strict ("documented") check of unlisted fields, and the bound on how much of a body is walked.

import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SchemaSet } from "../../server/core/catalog/schemas.ts";
import {
  createValidator,
  FULL_CHECK_MAX_VALUES,
  hasMoreValuesThan,
} from "../../server/core/catalog/validate.ts";

const BASE = "https://quayside.invalid/schemas/test";
const common = {
  $id: `${BASE}/common.json`,
  $defs: { name: { type: "string", minLength: 1 } },
};
const event = (name: string) => ({
  $id: `${BASE}/${name}.json`,
  type: "object",
  required: ["repository"],
  properties: {
    repository: { $ref: "common.json#/$defs/name" },
    tags: { type: "array", items: { type: "string" } },
    kind: { type: "string" },
  },
  if: { properties: { kind: { const: "tag" } }, required: ["kind"] },
  // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword, not a thenable
  then: { description: "a tag event names its tag", required: ["tag"] },
});
const set = (): SchemaSet =>
  ({
    shared: [common],
    events: [
      { registry: "quay", event: "repo_push", schema: event("push") },
      { registry: "quay", event: "build_start", schema: event("build") },
    ],
  }) as unknown as SchemaSet;

afterEach(() => vi.restoreAllMocks());

describe("checking a body", () => {
  it("reports a valid body as no issues, not a lower bound", () => {
    const v = createValidator(set());
    expect(v.validate("quay", "repo_push", { repository: "app" })).toEqual({
      issues: [],
      total: 0,
      atLeast: false,
    });
    expect(v.validate("quay", "nope", {})).toBeNull();
  });

  it("ignores unlisted fields unless the check is strict", () => {
    const v = createValidator(set());
    const body = { repository: "app", pushed_by: "me", size: 3 };
    expect(v.validate("quay", "repo_push", body)).toEqual({ issues: [], total: 0, atLeast: false });
    expect(v.validate("quay", "repo_push", body, true)).toEqual({
      issues: [
        {
          pointer: "/pushed_by",
          message: '"pushed_by" is not in the documented body',
          keyword: "unevaluatedProperties",
          value: "me",
        },
        {
          pointer: "/size",
          message: '"size" is not in the documented body',
          keyword: "unevaluatedProperties",
          value: 3,
        },
      ],
      total: 2,
      atLeast: false,
    });
  });

  it("reports every issue of a small body, and explains a rule by its description", () => {
    const v = createValidator(set());
    const result = v.validate("quay", "repo_push", { kind: "tag", tags: [1, "v1", 2] });
    expect(result?.total).toBe(4);
    expect(result?.atLeast).toBe(false);
    expect(result?.issues.map((i) => [i.pointer, i.message])).toEqual([
      ["/tag", 'required property "tag" is missing: a tag event names its tag'],
      ["/repository", 'required property "repository" is missing'],
      ["/tags/0", "should be a string, got an integer"],
      ["/tags/2", "should be a string, got an integer"],
    ]);
  });

  it("reports only the first issue of a body too big for a full check", () => {
    const v = createValidator(set());
    const tags = Array.from({ length: FULL_CHECK_MAX_VALUES }, (_, i) => (i < 3 ? i : "v"));
    const result = v.validate("quay", "repo_push", { repository: "app", tags, extra: 1 }, true);
    expect(result).toMatchObject({ total: 1, atLeast: true });
    expect(result?.issues).toHaveLength(1);
    const loose = v.validate("quay", "repo_push", { repository: "app", tags });
    expect(loose).toMatchObject({ total: 1, atLeast: true });
  });

  it("compiles the shared schemas once per kind of check, not once per event", () => {
    const v = createValidator(set());
    const add = vi.spyOn(Ajv2020.prototype, "addSchema");
    v.validate("quay", "repo_push", { repository: "app" });
    const once = add.mock.calls.length;
    expect(once).toBeGreaterThan(0);
    v.validate("quay", "build_start", { repository: "app" });
    expect(add.mock.calls.length).toBe(once);
  });
});

describe("counting a body's values", () => {
  it("counts the root itself", () => {
    expect(hasMoreValuesThan(5, 0)).toBe(true);
    expect(hasMoreValuesThan(5, 1)).toBe(false);
    expect(hasMoreValuesThan({ a: 1, b: [2] }, 4)).toBe(false);
    expect(hasMoreValuesThan({ a: 1, b: [2] }, 3)).toBe(true);
  });

  it("judges a wide array by its length without reading its items", () => {
    let reads = 0;
    const wide = new Proxy(new Array(1000).fill(1), {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    expect(hasMoreValuesThan(wide, 10)).toBe(true);
    expect(reads).toBe(0);
  });
});
