import { describe, expect, it } from "vitest";
import { reindentJson } from "../../web/json-pretty.ts";

describe("reindentJson", () => {
  it("indents like JSON.stringify(…, null, 2) for ordinary bodies", () => {
    const value = { a: [1, { b: "x, y: {z}" }], c: {}, d: [], e: null, 'k"ey': 'q\\"' };
    expect(reindentJson(JSON.stringify(value))).toBe(JSON.stringify(value, null, 2));
    expect(reindentJson(JSON.stringify(value, null, 7))).toBe(JSON.stringify(value, null, 2));
  });

  it("keeps every token as the sender wrote it", () => {
    const text = '{"n":1.0,"big":18446744073709551617,"e":"\\u00e9","exp":1E+2}';
    expect(reindentJson(text)).toBe(
      '{\n  "n": 1.0,\n  "big": 18446744073709551617,\n  "e": "\\u00e9",\n  "exp": 1E+2\n}',
    );
  });

  it("reindents a 1 MB single-line body quickly", () => {
    const big = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ i, s: "v".repeat(40) })));
    const started = performance.now();
    const out = reindentJson(big);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(JSON.parse(out)).toEqual(JSON.parse(big));
  });
});
