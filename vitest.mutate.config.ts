/// <reference types="vitest/config" />
// Vitest config for mutation runs (`npm run mutate`): only the unit tests and the in-process
// integration tests that exercise the mutated modules. Tests that drive a child process are
// left out (a mutant is switched on inside the test process, so a child never sees it), and
// so are e2e and bench, which would make every run hours long.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const top = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  test: {
    root: top,
    include: [
      "test/unit/**/*.test.ts",
      "test/integration/hostile.test.ts",
      "test/integration/mtls.test.ts",
      "test/integration/outbound.test.ts",
      "test/integration/peer.test.ts",
      "test/integration/receive.test.ts",
      "test/integration/receiver-endpoints.test.ts",
      "test/integration/receiver-limits.test.ts",
      "test/integration/promises-receiver.test.ts",
      "test/integration/validation-modes.test.ts",
      "test/integration/search.test.ts",
      "test/integration/retention-chains.test.ts",
      "test/mutation/**/*.test.ts",
    ],
    exclude: ["test/bench/**", "test/e2e/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
