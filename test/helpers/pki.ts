// The test PKI: one CA with server and client leaves, plus every kind of client certificate a
// registry may present (foreign CA, expired, serverAuth-only like Quay, via an intermediate,
// self-signed). Made once per test process in a temp dir and shared by all tests.
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCa, createLeaf, createSelfSigned, type Pem } from "../../server/tls/pki.ts";

/** A certificate with its key, as PEM strings and as files (`keyFile` mode 0600). */
export interface TestCert extends Pem {
  certFile: string;
  keyFile: string;
  /** SHA-256 fingerprint of the leaf, colon-separated upper-case hex (Node's format). */
  fingerprint256: string;
  /** The leaf alone, when `cert` also carries its chain. */
  leafCert: string;
}

export interface TestPki {
  dir: string;
  ca: TestCert;
  /** SANs localhost, 127.0.0.1, ::1; serverAuth. */
  server: TestCert;
  /** Signed by `ca`, clientAuth. */
  client: TestCert;
  /** RSA. */
  otherCa: TestCert;
  /** Signed by `otherCa`, clientAuth. */
  otherClient: TestCert;
  /** Signed by `ca`, expired yesterday. */
  expiredClient: TestCert;
  /** Signed by `ca`, valid from tomorrow. */
  notYetValidClient: TestCert;
  /** Signed by `ca`, serverAuth only, RSA: Quay presenting its server certificate (REPORT.md §2.2). */
  serverAuthOnlyClient: TestCert;
  /** An intermediate CA (RSA) signed by `ca` (ECDSA). */
  intermediate: TestCert;
  /** Signed by `intermediate`; `cert` is leaf + intermediate, `leafCert` the leaf alone. */
  intermediateClient: TestCert;
  selfSigned: TestCert;
}

const DAY_MS = 86_400_000;
let cached: Promise<TestPki> | undefined;

async function save(dir: string, name: string, pem: Pem, chain: Pem[] = []): Promise<TestCert> {
  const cert = [pem.cert, ...chain.map((c) => c.cert)].join("");
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}-key.pem`);
  await writeFile(certFile, cert);
  await writeFile(keyFile, pem.key, { mode: 0o600 });
  const { fingerprint256 } = new X509Certificate(pem.cert);
  return { cert, key: pem.key, certFile, keyFile, fingerprint256, leafCert: pem.cert };
}

async function build(): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), "quayside-pki-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const now = Date.now();
  const [ca, otherCa] = await Promise.all([
    createCa({ commonName: "Quayside Test CA" }),
    createCa({ commonName: "Other Test CA", keyType: "rsa" }),
  ]);
  // RSA under the ECDSA root: chains that mix key types, as an RSA registry meets Quayside's CA
  const intermediate = await createCa({
    commonName: "Quayside Test Intermediate",
    issuer: ca,
    keyType: "rsa",
  });
  const [server, client, otherClient, expired, future, serverOnly, viaIntermediate, selfSigned] =
    await Promise.all([
      createLeaf(ca, { commonName: "localhost", kind: "server", sans: ["localhost", "127.0.0.1", "::1"] }),
      createLeaf(ca, { commonName: "registry-client", kind: "client" }),
      createLeaf(otherCa, { commonName: "other-client", kind: "client" }),
      createLeaf(ca, {
        commonName: "expired-client",
        kind: "client",
        notBefore: new Date(now - 30 * DAY_MS),
        notAfter: new Date(now - DAY_MS),
      }),
      createLeaf(ca, { commonName: "future-client", kind: "client", notBefore: new Date(now + DAY_MS) }),
      // Quay presents its own server certificate, RSA as Quay's are
      createLeaf(ca, {
        commonName: "quay.example.test",
        kind: "server-only-eku",
        sans: ["quay.example.test"],
        keyType: "rsa",
      }),
      createLeaf(intermediate, { commonName: "intermediate-client", kind: "client" }),
      createSelfSigned({ commonName: "self-signed-client", kind: "client" }),
    ]);
  return {
    dir,
    ca: await save(dir, "ca", ca),
    server: await save(dir, "server", server),
    client: await save(dir, "client", client),
    otherCa: await save(dir, "other-ca", otherCa),
    otherClient: await save(dir, "other-client", otherClient),
    expiredClient: await save(dir, "expired-client", expired),
    notYetValidClient: await save(dir, "not-yet-valid-client", future),
    serverAuthOnlyClient: await save(dir, "server-auth-only-client", serverOnly),
    intermediate: await save(dir, "intermediate", intermediate),
    intermediateClient: await save(dir, "intermediate-client", viaIntermediate, [intermediate]),
    selfSigned: await save(dir, "self-signed", selfSigned),
  };
}

/**
 * The shared test PKI, generated on first call and reused by every test in the process.
 * @example const pki = await makeTestPki(); https.request({ ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key })
 */
export function makeTestPki(): Promise<TestPki> {
  cached ??= build();
  return cached;
}
