import { describe, expect, it } from "vitest";
import { locatePointer } from "../../web/json-locate.ts";

const at = (text: string, pointer: string) => {
  const span = locatePointer(text, pointer);
  return { ...span, text: text.slice(span.from, span.to) };
};

describe("locatePointer", () => {
  const doc = JSON.stringify(
    { a: [1, { b: 'x}]\\"', "c/d": { "e~f": null } }], updated_tags: "v1", "": 3 },
    null,
    2,
  );

  it("finds members, elements and escaped segments, spanning the name and the value", () => {
    expect(at(doc, "/a/0").text).toBe("1");
    expect(at(doc, "/a/1/b").text).toBe('"b": "x}]\\\\\\""');
    expect(at(doc, "/a/1/c~1d/e~0f")).toMatchObject({ text: '"e~f": null', exact: true });
    expect(at(doc, "/updated_tags").text).toBe('"updated_tags": "v1"');
    expect(at(doc, "/").text).toBe('"": 3');
    expect(at(doc, "").text).toBe(doc);
  });

  it("falls back to the deepest ancestor for a missing member or index", () => {
    expect(at(doc, "/a/1/missing")).toMatchObject({ pointer: "/a/1", exact: false });
    expect(at(doc, "/a/1/missing").text.startsWith("{")).toBe(true);
    expect(at(doc, "/a/7")).toMatchObject({ pointer: "/a", exact: false });
    expect(at(doc, "/a/01")).toMatchObject({ pointer: "/a", exact: false });
    expect(at("[]", "/0")).toMatchObject({ pointer: "", exact: false, text: "[]" });
  });

  it("takes the last of duplicate members, the one JSON.parse keeps", () => {
    expect(at('{"k":1,"k":2}', "/k").text).toBe('"k":2');
  });

  it("locates a member near the end of a 1 MB body in one quick pass", () => {
    const big = JSON.stringify({
      items: Array.from({ length: 22_000 }, (_, i) => ({ i, s: "x".repeat(30) })),
      last: true,
    });
    expect(big.length).toBeGreaterThan(1_000_000);
    const started = performance.now();
    expect(at(big, "/items/21999/s").text).toBe(`"s":"${"x".repeat(30)}"`);
    expect(at(big, "/last").text).toBe('"last":true');
    expect(performance.now() - started).toBeLessThan(500);
  });
});
