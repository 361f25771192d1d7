/// <reference types="vitest/config" />
// Vitest config for mutation runs (`npm run mutate`): the unit tests and a few in-process
// integration tests. Tests that drive a child process are left out (a mutant is switched on
// inside the test process, so a child never sees it), and so are e2e and bench.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const top = fileURLToPath(new URL(".", import.meta.url));

/**
 * In-process tests that post real requests to a receiver on 127.0.0.1: the receiver and its
 * outbound client have no pure seam to test through. The other integration tests are left out:
 * every one of them runs a whole Quayside, and the machine's two cores made each mutant of the
 * chain tracker cost seconds.
 */
const RECEIVER_TESTS = ["test/integration/receiver-answers.test.ts"];

export default defineConfig({
  test: {
    root: top,
    include: ["test/unit/**/*.test.ts", ...RECEIVER_TESTS],
    exclude: ["test/bench/**", "test/e2e/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
