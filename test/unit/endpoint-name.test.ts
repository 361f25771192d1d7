// One endpoint-name rule: the contract's. The receiver, the console API and the web check names
// with it, so nothing else in the code spells the rule out again.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ENDPOINT_NAME_RULE, isEndpointName, MAX_ENDPOINT_NAME } from "../../server/contract/index.ts";

const top = join(import.meta.dirname, "..", "..");
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(f) ? [p] : [];
  });
}

describe("endpoint names", () => {
  it("accepts letters, digits, dot, underscore and dash up to 64 characters", () => {
    for (const name of ["ci", "ci.prod", "team_a-1", "A", "x".repeat(MAX_ENDPOINT_NAME)]) {
      expect(isEndpointName(name), name).toBe(true);
    }
  });

  it("refuses empty, too long, other characters and non-strings", () => {
    for (const name of ["", "x".repeat(MAX_ENDPOINT_NAME + 1), "a/b", "a b", "é", "a%2F", "a\n", "<b>"]) {
      expect(isEndpointName(name), JSON.stringify(name)).toBe(false);
    }
    expect(isEndpointName(undefined)).toBe(false);
    expect(isEndpointName(42)).toBe(false);
  });

  it("says the rule in words with its limit", () => {
    expect(ENDPOINT_NAME_RULE).toContain(String(MAX_ENDPOINT_NAME));
  });

  it("is written once: no other server or web file spells out the name pattern", () => {
    const copies = [...files(join(top, "server")), ...files(join(top, "web"))]
      .filter((f) => readFileSync(f, "utf8").includes("A-Za-z0-9._-]{1,"))
      .map((f) => relative(top, f));
    expect(copies).toEqual(["server/contract/endpoint-name.ts"]);
  });
});
