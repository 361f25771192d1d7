// The server bundle that `npm start` runs (built by scripts/build.mjs before the tests): what it
// leaves out so that start-up stays short, and that what it leaves out still loads when needed.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { undici } from "../../server/outbound/undici.ts";

const SERVER_BUNDLE = fileURLToPath(new URL("../../dist/server/main.mjs", import.meta.url));

describe("server bundle", () => {
  it("leaves undici out: start-up never evaluates the outbound client's ~1 MB", () => {
    const bundle = readFileSync(SERVER_BUNDLE, "utf8");
    // esbuild marks each bundled file with a comment naming its path
    expect(bundle.includes("\n// server/outbound/undici.ts\n")).toBe(true);
    expect(bundle.match(/^\/\/ node_modules\/undici\/.*$/m)?.[0] ?? null).toBeNull();
  });

  it("requires undici from node_modules on first use, once", () => {
    const first = undici();
    expect(typeof first.Agent).toBe("function");
    expect(typeof first.request).toBe("function");
    expect(undici()).toBe(first);
  });
});
