/// <reference types="vitest/config" />
// Vitest config for mutation runs (`npm run mutate`): the unit tests and a few in-process
// integration tests. Tests that drive a child process are left out (a mutant is switched on
// inside the test process, so a child never sees it), and so are e2e and bench.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const top = fileURLToPath(new URL(".", import.meta.url));

/**
 * Tests that post real requests (HTTPS with real client certificates) to a receiver running in
 * the test process on 127.0.0.1: the receiver's peer, certificate and socket steps have no pure
 * seam to test through. Included only when the receiver is mutated (stryker.config.mjs sets the
 * variable): they start a whole Quayside, and would run for every mutant of the rules, the
 * chains and the store too. The other integration tests are left out for the same reason.
 */
const RECEIVER_TESTS = [
  "receiver-answers",
  "receiver-http",
  "receiver-limits",
  "peer",
  "mtls",
  "hostile-receiver",
  "receive",
  "promises-receiver",
  "receiver-wire",
].map((name) => `test/integration/${name}.test.ts`);
const receiverTests = process.env.QUAYSIDE_MUTATE_RECEIVER === "1" ? RECEIVER_TESTS : [];

export default defineConfig({
  test: {
    root: top,
    include: ["test/unit/**/*.test.ts", ...receiverTests],
    exclude: ["test/bench/**", "test/e2e/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
