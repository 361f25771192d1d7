// Mutation testing (`npm run mutate`): StrykerJS with the vitest runner and the TypeScript
// checker (mutants that do not compile are dropped instead of run). Incremental: results are
// kept in reports/ so a second run only re-tests mutants whose code or tests changed.
// One module at a time: `npm run mutate -- --mutate "server/core/chains/**/*.ts"`.
import { writeFileSync } from "node:fs";

const MUTATE = [
  "server/core/catalog/**/*.ts",
  "server/core/chains/**/*.ts",
  "server/core/rules/**/*.ts",
  "server/store/**/*.ts",
  "server/receiver/**/*.ts",
  "server/outbound/**/*.ts",
  "server/console/guard.ts",
  "server/export/redact*.ts",
  "server/export/user-pattern.ts",
];

/** The globs given with `--mutate a,b` (line ranges dropped), or null. */
function mutateArgument() {
  const argv = process.argv;
  const at = argv.findIndex((a) => a === "--mutate" || a === "-m");
  const value = at === -1 ? argv.find((a) => a.startsWith("--mutate="))?.slice(9) : argv[at + 1];
  if (!value) return null;
  return value
    .split(",")
    .filter((g) => g && !g.startsWith("!"))
    .map((g) => g.replace(/:\d+(:\d+)?-\d+(:\d+)?$/, ""));
}

// The checker compiles the mutated files and what they import, nothing that imports them: a
// mutant that breaks a caller's types still fails its tests. On this machine the checker was
// three times slower than the test runner with the whole project, most of it re-checking
// dependents; with only the mutated module it keeps up. Written to a git-ignored file that the
// sandbox copies.
const CHECKER_TSCONFIG = ".stryker-tsconfig.json";
const mutated = mutateArgument() ?? MUTATE;
writeFileSync(
  CHECKER_TSCONFIG,
  `${JSON.stringify({ extends: "./tsconfig.json", include: mutated }, null, 2)}\n`,
);

// The receiver's tests start a whole Quayside; they run only when the receiver is mutated (read
// by vitest.mutate.config.ts in the test runner processes, which inherit the environment).
if (mutated.some((glob) => glob.startsWith("server/receiver"))) process.env.QUAYSIDE_MUTATE_RECEIVER = "1";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts", related: true },
  checkers: ["typescript"],
  tsconfigFile: CHECKER_TSCONFIG,
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  // Static mutants (module-level constants) need a fresh module graph per mutant and cost ~80%
  // of a run; they are left out and reported as ignored.
  ignoreStatic: true,
  mutate: MUTATE,
  ignorePatterns: ["dist", "reports", "test-results", ".quayside", "certs/*", "!certs/README.md"],
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  // The machine is shared: two processes at most.
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
