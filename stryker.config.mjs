// Mutation testing (`npm run mutate`): StrykerJS with the vitest runner and the TypeScript
// checker (mutants that do not compile are dropped instead of run). Incremental: results are
// kept in reports/ so a second run only re-tests mutants whose code or tests changed.
// One module at a time: `npm run mutate -- --mutate "server/core/chains/**/*.ts"`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts", related: true },
  checkers: ["typescript"],
  // The checker compiles only server/ (what is mutated): half the files of the whole project,
  // and the checker was the slower half of every mutant.
  tsconfigFile: "tsconfig.mutate.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  // Static mutants (module-level constants) need a fresh module graph per mutant and cost ~80%
  // of a run; they are left out and reported as ignored.
  ignoreStatic: true,
  mutate: [
    "server/core/catalog/**/*.ts",
    "server/core/chains/**/*.ts",
    "server/core/rules/**/*.ts",
    "server/store/**/*.ts",
    "server/receiver/**/*.ts",
    "server/outbound/**/*.ts",
    "server/console/guard.ts",
    "server/export/redact*.ts",
    "server/export/user-pattern.ts",
  ],
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
