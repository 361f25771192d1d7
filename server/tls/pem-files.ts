// Reading and writing the certificate cache's PEM files, and the error that names the file and
// the setting to change when one cannot be used.
import { open, readFile, rename, unlink } from "node:fs/promises";

/** A certificate file that cannot be read or used; the message names the file and the setting to change. */
export class CertFileError extends Error {
  override name = "CertFileError";
  constructor(
    readonly file: string,
    readonly setting: string,
    detail: string,
  ) {
    super(`${file}: ${detail} (check ${setting})`);
  }
}

/** The file's text, or null when there is no such file. */
export async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new CertFileError(file, "--certs", `cannot read: ${(error as Error).message}`);
  }
}

/**
 * Writes a PEM as a new file renamed over the old one. A key is 0600 from its first byte: the
 * temp file is created with that mode (never an existing file opened for writing, whose mode
 * would hold until a later chmod), and a link planted at the key's path is replaced, not followed.
 */
export async function writePem(file: string, text: string, secret: boolean): Promise<void> {
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    const handle = await open(temp, "wx", secret ? 0o600 : 0o644);
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw new CertFileError(file, "--certs", `cannot write: ${(error as Error).message}`);
  }
}
