// The rooms stay clear: web/ imports from server/ only through the contract, the contract
// imports nothing, and the server never imports UI code. Arrows point down only: the doors
// (receiver, console, cli) use the core, never the other way round, and never each other.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
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

  /** Every relative import under server/, as "from -> to" paths relative to server/. */
  const serverImports = () => {
    const root = join(top, "server");
    return files(root).flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith("."))
        .map((i) => ({ from: relative(root, f), to: relative(root, resolve(dirname(f), i)) })),
    );
  };
  const inRoom = (path: string, room: string) => path === room || path.startsWith(`${room}/`);
  const crossings = (from: string, to: string[]) =>
    serverImports()
      .filter((e) => inRoom(e.from, from) && to.some((room) => inRoom(e.to, room)))
      .map((e) => `${e.from} -> ${e.to}`);

  it("nothing in the core imports a door (receiver, console, cli)", () => {
    expect(crossings("core", ["receiver", "console", "cli"])).toEqual([]);
  });

  it("the console and the receiver do not import each other", () => {
    expect([...crossings("console", ["receiver"]), ...crossings("receiver", ["console"])]).toEqual([]);
  });

  it("only the command line and the entry point import server/cli", () => {
    const bad = serverImports()
      .filter((e) => inRoom(e.to, "cli") && !inRoom(e.from, "cli") && e.from !== "main.ts")
      .map((e) => `${e.from} -> ${e.to}`);
    expect(bad).toEqual([]);
  });

  it("shared services (replay, store, outbound, export, send) import no door", () => {
    const shared = ["replay", "store", "outbound", "export", "send", "tls", "contract"];
    expect(shared.flatMap((room) => crossings(room, ["receiver", "console", "cli"]))).toEqual([]);
  });
});
