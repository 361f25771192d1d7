// One Quayside per data dir: a lock file holding the owner's pid. A lock whose pid is gone
// (the previous run was killed) is stale and taken over.
import { constants } from "node:fs";
import { open, readFile, unlink } from "node:fs/promises";

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock or throws DataDirLockedError naming the running pid; resolves to a release function. */
export async function acquireLock(file: string): Promise<() => Promise<void>> {
  for (let tries = 0; tries < 2; tries++) {
    try {
      const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await unlink(file).catch(() => {});
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      // Stryker disable next-line MethodExpression: Number() itself ignores surrounding whitespace
      const pid = Number((await readFile(file, "utf8").catch(() => "")).trim());
      if (pid && pid !== process.pid && alive(pid)) {
        throw new DataDirLockedError(
          `another Quayside (pid ${pid}) is using this data directory (${file}); stop it or pick another --data`,
        );
      }
      await unlink(file).catch(() => {});
    }
  }
  throw new DataDirLockedError(`could not lock ${file}; pick another --data`);
}
