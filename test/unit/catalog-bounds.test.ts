// What one body can cost the catalog: issues kept per body are bounded, a huge invalid body is
// checked fail-first, and event names from the wire never resolve to Object.prototype members.
import { describe, expect, it } from "vitest";
import { createCatalog } from "../../server/core/catalog/index.ts";
import { FULL_CHECK_MAX_VALUES, hasMoreValuesThan, MAX_ISSUES } from "../../server/core/catalog/validate.ts";

const catalog = createCatalog();
const quayPush = (tags: string) =>
  catalog.classify({
    body: Buffer.from(`{"updated_tags":[${tags}]}`),
    contentType: "application/json",
    pinned: { registry: "quay", event: "repo_push" },
  });

describe("bounded validation", () => {
  it("keeps the first 100 issues of a small body and counts them all", () => {
    const c = quayPush(Array(300).fill('"bad tag!"').join(","));
    expect(c.validity).toBe("invalid");
    expect(c.issues).toHaveLength(MAX_ISSUES);
    expect(c.issueTotal).toBeGreaterThanOrEqual(300);
    expect(c.issueTotalAtLeast).toBe(false);
  });

  it("checks a body of half a million wrong items fail-first: one issue, a lower bound, fast", () => {
    const t = performance.now();
    const c = quayPush(Array(500_000).fill("0").join(","));
    expect(performance.now() - t).toBeLessThan(1000);
    expect(c.validity).toBe("invalid");
    expect(c.issues.length).toBeGreaterThan(0);
    expect(c.issues.length).toBeLessThanOrEqual(MAX_ISSUES);
    expect(c.issueTotalAtLeast).toBe(true);
    expect(JSON.stringify(c.issues).length).toBeLessThan(4096);
  });

  it("says valid bodies have no issues through the fail-first check", () => {
    const c = quayPush('"latest"');
    expect(c.issueTotal).toBe(c.issues.length);
    expect(c.issueTotalAtLeast).toBe(false);
  });

  it("counts JSON values without walking past the budget", () => {
    expect(hasMoreValuesThan([1, 2, 3], 4)).toBe(false);
    expect(hasMoreValuesThan([1, 2, 3, 4], 4)).toBe(true);
    expect(hasMoreValuesThan({ a: { b: [1] } }, 4)).toBe(false);
    expect(hasMoreValuesThan(new Array(10_000_000).fill(0), FULL_CHECK_MAX_VALUES)).toBe(true);
  });
});

describe("event names from the wire", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])(
    "a CloudEvent of type %s is unknown, never a prototype member",
    (type) => {
      const c = catalog.classify({
        body: Buffer.from(JSON.stringify({ specversion: "1.0", type })),
        contentType: "application/cloudevents+json",
      });
      expect(c.event === null || typeof c.event === "string").toBe(true);
      expect(c.registry).toBeNull();
    },
  );
});
