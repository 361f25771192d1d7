// Key files are private from their first byte, and keys are ECDSA P-256 unless RSA is asked for: a regenerated key is a new 0600 file renamed into
// place, never an existing (wider) file written over, and never written through a planted link.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureCerts } from "../../server/tls/certs.ts";
import { createCa, createLeaf } from "../../server/tls/pki.ts";

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

describe("key types", () => {
  const keyOf = async (file: string) => new X509Certificate(await readFile(file, "utf8")).publicKey;

  it("makes ECDSA P-256 certificates by default", async () => {
    const certs = await ensureCerts(dir);
    for (const file of [certs.paths.ca, certs.paths.server, certs.paths.client]) {
      const key = await keyOf(file);
      expect(key.asymmetricKeyType).toBe("ec");
      expect(key.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    }
  });

  it("makes RSA leaves on request and keeps the CA the registries already trust", async () => {
    const first = await ensureCerts(dir);
    const again = await ensureCerts(dir, { keyType: "rsa" });
    expect(again.generated).toEqual(["server.pem", "client.pem"]);
    expect(again.notes.join(" ")).toMatch(/an EC key where --key-type is rsa/);
    expect(again.ca).toBe(first.ca);
    for (const file of [again.paths.server, again.paths.client]) {
      const key = await keyOf(file);
      expect(key.asymmetricKeyType).toBe("rsa");
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    }
    // and the RSA leaves still verify against the ECDSA CA
    const ca = new X509Certificate(again.ca);
    expect(new X509Certificate(again.server.cert).verify(ca.publicKey)).toBe(true);
    expect((await ensureCerts(dir, { keyType: "rsa" })).generated).toEqual([]);
  });
});

describe("certificates made before ECDSA", () => {
  it("issues a new leaf from a CA whose key is PKCS#1, as older versions wrote it", async () => {
    const rsa = await createCa({ commonName: "Older Quayside CA", keyType: "rsa" });
    const pkcs1 = createPrivateKey(rsa.key).export({ type: "pkcs1", format: "pem" }) as string;
    expect(pkcs1).toMatch(/BEGIN RSA PRIVATE KEY/);
    const leaf = await createLeaf(
      { cert: rsa.cert, key: pkcs1 },
      { commonName: "localhost", kind: "server" },
    );
    expect(new X509Certificate(leaf.cert).verify(new X509Certificate(rsa.cert).publicKey)).toBe(true);
  });
});
