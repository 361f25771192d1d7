// Key files are private from their first byte: a regenerated key is a new 0600 file renamed into
// place, never an existing (wider) file written over, and never written through a planted link.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureCerts } from "../../server/tls/certs.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "quayside-keyfile-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writing key files", () => {
  it("replaces a world-readable stale key with a new 0600 file instead of writing into it", async () => {
    const certs = join(dir, "certs");
    await mkdir(certs);
    const key = join(certs, "client-key.pem");
    await writeFile(key, "not a key", { mode: 0o644 });
    const before = await stat(key);

    await ensureCerts(certs);
    const after = await stat(key);
    expect(after.mode & 0o777).toBe(0o600);
    // a new file (another inode): the key's bytes never sat in the 0644 file
    expect(after.ino).not.toBe(before.ino);
    expect(await readFile(key, "utf8")).toMatch(/PRIVATE KEY/);
    expect((await readdir(certs)).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("does not write a key through a link planted at its path", async () => {
    const certs = join(dir, "certs");
    await mkdir(certs);
    const outside = join(dir, "elsewhere.pem");
    await writeFile(outside, "old", { mode: 0o644 });
    await symlink(outside, join(certs, "ca-key.pem"));

    await ensureCerts(certs);
    expect(await readFile(outside, "utf8")).toBe("old");
    expect((await stat(outside)).mode & 0o777).toBe(0o644);
    const key = await stat(join(certs, "ca-key.pem"));
    expect(key.isFile() && (key.mode & 0o777) === 0o600).toBe(true);
  });
});
