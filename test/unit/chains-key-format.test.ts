// Chain identity and durations in words: keys, ids that survive a restart, and formatMs's units.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatMs } from "../../server/core/chains/format.ts";
import { chainIdentity, chainKey, identityOf, makeChainId } from "../../server/core/chains/key.ts";

describe("formatMs", () => {
  it.each([
    [0, "0 ms"],
    [249.6, "250 ms"],
    [999, "999 ms"],
    [1000, "1 s"],
    [12_500, "12.5 s"],
    [12_540, "12.5 s"],
    [119_999, "120 s"],
    [120_000, "2 min"],
    [150_000, "2.5 min"],
    [3_600_000, "60 min"],
  ])("%d ms reads %s", (ms, words) => {
    expect(formatMs(ms)).toBe(words);
  });
});

describe("chain keys and ids", () => {
  it("keys by the sender's id, else by the body's SHA-256", () => {
    const body = Buffer.from('{"a":1}');
    const sha = createHash("sha256").update(body).digest("hex");
    expect(chainKey(body, "evt-1")).toBe("id:evt-1");
    expect(chainKey(body, null)).toBe(`sha256:${sha}`);
    expect(chainKey(body, "")).toBe(`sha256:${sha}`);
  });

  it("derives a 16-hex identity from endpoint and key", () => {
    const expected = createHash("sha256").update("ci\nid:1").digest("hex").slice(0, 16);
    expect(chainIdentity("ci", "id:1")).toBe(expected);
    expect(chainIdentity("cd", "id:1")).not.toBe(expected);
  });

  it("makes ids from the identity and the first attempt's time in base 36, suffixed when taken", () => {
    const none = () => false;
    expect(makeChainId("abc", 36 ** 2 + 0.9, none)).toBe("abc.100");
    expect(makeChainId("abc", -5, none)).toBe("abc.0");
    const taken = new Set(["abc.z", "abc.z.2"]);
    expect(makeChainId("abc", 35, (id) => taken.has(id))).toBe("abc.z.3");
    expect(makeChainId("abc", 35, (id) => id === "abc.z")).toBe("abc.z.2");
  });

  it("reads the identity back from an id, or takes an id made elsewhere whole", () => {
    expect(identityOf("abc.z.2")).toBe("abc");
    expect(identityOf("plain")).toBe("plain");
    expect(identityOf(".x")).toBe("");
  });
});
