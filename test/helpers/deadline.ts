// runWithin: synchronous work under a hard deadline. A catastrophic regex never yields, so no
// timer can stop it; node:vm's timeout terminates whatever script runs, that regex included,
// and the test fails with "Script execution timed out" instead of hanging the run.
import { runInNewContext } from "node:vm";

/**
 * Runs `work` and returns its result, or throws once `ms` have passed.
 * @example expect(runWithin(2000, () => redactor.text(hostile))).toBe(hostile)
 */
export function runWithin<T>(ms: number, work: () => T): T {
  return runInNewContext("work()", { work }, { timeout: ms }) as T;
}
