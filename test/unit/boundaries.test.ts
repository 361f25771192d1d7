// The rooms stay clear: web/ imports from server/ only through the contract, the contract
// imports nothing, and the server never imports UI code.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const top = join(import.meta.dirname, "..", "..");
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx|mjs)$/.test(f) ? [p] : [];
  });
}
const imports = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map(
    (m) => m[1] as string,
  );

describe("module boundaries", () => {
  it("web/ reaches server/ only through server/contract", () => {
    const bad = files(join(top, "web")).flatMap((f) =>
      imports(f)
        .filter((i) => i.includes("server/") && !/server\/contract(\/|$)/.test(i))
        .map((i) => `${relative(top, f)} -> ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it("server/ never imports web/ code and the contract imports nothing outside itself", () => {
    const bad = files(join(top, "server")).flatMap((f) =>
      imports(f)
        .filter(
          (i) =>
            i.includes("/web/") ||
            i.startsWith("../web") ||
            (f.includes("/contract/") && !i.startsWith("./")),
        )
        .map((i) => `${relative(top, f)} -> ${i}`),
    );
    expect(bad).toEqual([]);
  });
});
