// One Quayside per data dir: the lock file holds the owner's pid; a live other owner refuses,
// a dead one, our own pid, or an unreadable pid is stale and taken over.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireLock, DataDirLockedError } from "../../server/store/lock.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const lockFile = async () => {
  const d = await mkdtemp(join(tmpdir(), "quayside-lock-"));
  dirs.push(d);
  return join(d, "quayside.lock");
};

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await once(child, "exit");
  return child.pid as number;
}

describe("data dir lock", () => {
  it("writes exactly our pid, readable by us only, and release removes it", async () => {
    const file = await lockFile();
    const release = await acquireLock(file);
    expect(await readFile(file, "utf8")).toBe(String(process.pid));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await release();
    expect(await readdir(join(file, ".."))).toEqual([]);
  });

  it("refuses a lock held by a live other process, naming its pid, and leaves the file", async () => {
    const file = await lockFile();
    await writeFile(file, `${process.ppid}\n`);
    const err = await acquireLock(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).name).toBe("DataDirLockedError");
    expect((err as Error).message).toContain(`pid ${process.ppid}`);
    expect(await readFile(file, "utf8")).toBe(`${process.ppid}\n`);
  });

  it("takes over a lock from a dead pid, our own pid, or no pid at all", async () => {
    for (const content of [String(await deadPid()), String(process.pid), "not a pid", ""]) {
      const file = await lockFile();
      await writeFile(file, content);
      const release = await acquireLock(file);
      expect(await readFile(file, "utf8")).toBe(String(process.pid));
      await release();
    }
  });

  it("passes on an error other than an existing lock", async () => {
    const file = join(await lockFile(), "..", "missing", "quayside.lock");
    await expect(acquireLock(file)).rejects.toMatchObject({ code: "ENOENT" });
  });
});
