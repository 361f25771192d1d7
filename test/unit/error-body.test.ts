// Error JSON has one shape, built by one function (the contract's errorBody) for the receiver,
// the console API and the live socket alike.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, errorBody } from "../../server/contract/index.ts";

const server = join(import.meta.dirname, "..", "..", "server");
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : f.endsWith(".ts") ? [p] : [];
  });
}

describe("error JSON", () => {
  it("is { error: { code, message } }", () => {
    expect(errorBody(ERROR_CODES.NOT_FOUND, "no delivery d1")).toEqual({
      error: { code: "not_found", message: "no delivery d1" },
    });
  });

  it("is built only by errorBody: no other server file writes the shape by hand", () => {
    const byHand = files(server)
      .filter((f) => /\{\s*error:\s*\{\s*code\b/.test(readFileSync(f, "utf8")))
      .map((f) => relative(server, f));
    expect(byHand).toEqual(["contract/errors.ts"]);
  });
});
