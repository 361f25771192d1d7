// A lowdb adapter that writes atomically and durably: temp file, fsync, rename. A file that
// does not parse is moved aside as `<name>.corrupt-<time>` (never overwritten) and reported.
import { constants } from "node:fs";
import { open, readdir, readFile, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Adapter } from "lowdb";

export class CorruptFileError extends Error {
  override name = "CorruptFileError";
  constructor(
    readonly file: string,
    readonly movedTo: string,
  ) {
    super(`${file} could not be read and was moved aside to ${movedTo}`);
  }
}

let tempCounter = 0;
const TEMP = /\.tmp-\d+-\d+$/;

/**
 * Removes temp files a crash left in `dir` mid-write. Each one is only ever a copy being written:
 * the file it was to replace is still whole (the caller holds the data dir's lock).
 */
export async function removeStaleTemps(dir: string): Promise<void> {
  for (const f of await readdir(dir)) if (TEMP.test(f)) await unlink(join(dir, f)).catch(() => {});
}

/**
 * Writes `content` (text, or buffers written with one gathered write) to a fresh temp file
 * beside `file` and fsyncs it; resolves to the temp path.
 */
async function writeTemp(file: string, content: string | Buffer[]): Promise<string> {
  // Stryker disable next-line AssignmentOperator: counting down names temp files uniquely too
  tempCounter += 1;
  const temp = `${file}.tmp-${process.pid}-${tempCounter}`;
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
  try {
    if (typeof content === "string") await handle.writeFile(content);
    else {
      const total = content.reduce((n, b) => n + b.length, 0);
      const { bytesWritten } = await handle.writev(content);
      // a short gathered write is finished with the remaining bytes
      if (bytesWritten < total) await handle.write(Buffer.concat(content).subarray(bytesWritten));
    }
    await handle.sync();
  } catch (e) {
    // a failed write (a full disk, say) leaves no partial temp file behind
    await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw e;
  }
  await handle.close();
  return temp;
}

/** Replaces `file` with `content` atomically: a durable temp file renamed over it. */
export async function replaceFile(file: string, content: string | Buffer[]): Promise<void> {
  const temp = await writeTemp(file, content);
  try {
    await rename(temp, file);
  } catch (e) {
    await unlink(temp).catch(() => {});
    throw e;
  }
}

/** The file's text, or null when there is no such file. */
export async function readTextIfAny(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** Moves a file that could not be used aside as `<name>.corrupt-<time>`; returns the new path. */
export async function moveAside(file: string): Promise<string> {
  const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  await rename(file, movedTo);
  return movedTo;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export class DurableJsonFile<T> implements Adapter<T> {
  /** How data becomes text; subclasses may serialise smarter than one JSON.stringify. */
  serialize(data: T): string | Buffer[] {
    return JSON.stringify(data);
  }

  /** Set when read() found a corrupt file and moved it aside. */
  corrupt: CorruptFileError | null = null;

  /**
   * @param accepts the shape the file must have: JSON of another shape (`null`, `{}`, a list of
   *   the wrong things) is treated as corrupt, like text that does not parse.
   */
  constructor(
    readonly file: string,
    private readonly accepts: (data: unknown) => data is T = (_data): _data is T => true,
  ) {}

  async read(): Promise<T | null> {
    const text = await readTextIfAny(this.file);
    if (text === null) return null;
    const data = parseOrUndefined(text);
    if (data !== undefined && this.accepts(data)) return data;
    this.corrupt = new CorruptFileError(this.file, await moveAside(this.file));
    return null;
  }

  write(data: T): Promise<void> {
    return replaceFile(this.file, this.serialize(data));
  }
}
