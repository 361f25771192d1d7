// The certificate cache (server/tls/certs.ts): generate once, reuse, renew only what needs it.
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCerts } from "../../server/cli/certs.ts";
import { REGISTRY_IDS } from "../../server/contract/index.ts";
import { fillSteps, SETUP_STEPS, setupSteps } from "../../server/core/catalog/setup-steps.ts";
import { CertFileError, defaultServerNames, ensureCerts } from "../../server/tls/certs.ts";
import { createCa, createLeaf } from "../../server/tls/pki.ts";
import { makeTestPki } from "../helpers/pki.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "quayside-certs-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HOUR_MS = 3_600_000;

describe("ensureCerts", () => {
  it("generates CA, server and client on first start, keys mode 0600", async () => {
    const certs = await ensureCerts(join(dir, "certs"));
    expect(certs.generated).toEqual(["ca.pem", "server.pem", "client.pem"]);
    for (const key of [certs.paths.caKey, certs.paths.serverKey, certs.paths.clientKey]) {
      expect((await stat(key)).mode & 0o777).toBe(0o600);
    }
    const ca = new X509Certificate(await readFile(certs.paths.ca, "utf8"));
    const server = new X509Certificate(certs.server.cert);
    const client = new X509Certificate(certs.client.cert);
    expect(ca.ca).toBe(true);
    expect(server.checkIssued(ca) && client.checkIssued(ca)).toBe(true);
    expect(server.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
    expect(client.keyUsage).toEqual(["1.3.6.1.5.5.7.3.2"]);
    expect(certs.sans).toEqual(
      expect.arrayContaining(["localhost", "127.0.0.1", "::1", hostname().toLowerCase()]),
    );
    expect(certs.trustedCas).toEqual([certs.ca]);
  });

  it("reuses valid certificates on the next start", async () => {
    const first = await ensureCerts(dir);
    const second = await ensureCerts(dir);
    expect(second.generated).toEqual([]);
    expect(second.server).toEqual(first.server);
    expect(second.client).toEqual(first.client);
    expect(second.ca).toBe(first.ca);
  });

  it("regenerates only the server certificate when a requested name is missing", async () => {
    const first = await ensureCerts(dir);
    const second = await ensureCerts(dir, { sans: ["hooks.example.test", "10.99.0.7"] });
    expect(second.generated).toEqual(["server.pem"]);
    expect(second.notes[0]).toContain("missing hooks.example.test, 10.99.0.7");
    expect(second.ca).toBe(first.ca);
    expect(second.client).toEqual(first.client);
    expect(second.sans).toEqual(expect.arrayContaining(["hooks.example.test", "10.99.0.7"]));
    expect((await ensureCerts(dir, { sans: ["hooks.example.test"] })).generated).toEqual([]);
  });

  it("renews a leaf that expires within a day", async () => {
    const first = await ensureCerts(dir);
    const ca = { cert: first.ca, key: await readFile(first.paths.caKey, "utf8") };
    const soon = await createLeaf(ca, {
      commonName: "c",
      kind: "client",
      notAfter: new Date(Date.now() + HOUR_MS),
    });
    await writeFile(first.paths.client, soon.cert);
    await writeFile(first.paths.clientKey, soon.key);
    const second = await ensureCerts(dir);
    expect(second.generated).toEqual(["client.pem"]);
    expect(second.notes[0]).toMatch(/client\.pem: expires/);
    expect(Date.parse(new X509Certificate(second.client.cert).validTo)).toBeGreaterThan(
      Date.now() + 100 * 24 * HOUR_MS,
    );
  });

  it("regenerates everything when the CA is expired, since the leaves depend on it", async () => {
    const first = await ensureCerts(dir);
    const old = await createCa({
      commonName: "old",
      notBefore: new Date(Date.now() - 5 * HOUR_MS),
      validDays: 0.1,
    });
    await writeFile(first.paths.ca, old.cert);
    await writeFile(first.paths.caKey, old.key);
    const second = await ensureCerts(dir);
    expect(second.generated).toEqual(["ca.pem", "server.pem", "client.pem"]);
    expect(new X509Certificate(second.server.cert).checkIssued(new X509Certificate(second.ca))).toBe(true);
  });

  it("replaces a leaf whose key no longer matches", async () => {
    const first = await ensureCerts(dir);
    await writeFile(first.paths.serverKey, first.client.key);
    expect((await ensureCerts(dir)).notes).toEqual([
      `${first.paths.server}: key does not match the certificate`,
    ]);
  });

  it("adds every certificate of certs/trusted/*.pem to the trusted CAs", async () => {
    const pki = await makeTestPki();
    const first = await ensureCerts(dir);
    await writeFile(join(first.paths.trustedDir, "bundle.pem"), pki.otherCa.cert + pki.intermediate.cert);
    await writeFile(join(first.paths.trustedDir, "notes.txt"), pki.ca.cert);
    const second = await ensureCerts(dir);
    const fingerprints = second.trustedCas.map((pem) => new X509Certificate(pem).fingerprint256);
    expect(fingerprints).toEqual([
      new X509Certificate(first.ca).fingerprint256,
      pki.otherCa.fingerprint256,
      pki.intermediate.fingerprint256,
    ]);
  });

  it("uses a user-supplied server certificate as-is", async () => {
    const pki = await makeTestPki();
    const certs = await ensureCerts(dir, { serverCert: pki.server.certFile, serverKey: pki.server.keyFile });
    expect(certs.server.cert).toBe(pki.server.cert);
    expect(certs.generated).toEqual(["ca.pem", "client.pem"]);
    expect(certs.sans).toEqual(["localhost", "127.0.0.1", "::1"]);
  });

  it("names the file and the setting when a user-supplied file is unusable", async () => {
    const pki = await makeTestPki();
    const missing = join(dir, "nope.pem");
    const attempt = ensureCerts(dir, { serverCert: missing, serverKey: pki.server.keyFile });
    await expect(attempt).rejects.toBeInstanceOf(CertFileError);
    await expect(attempt).rejects.toThrow(/nope\.pem: cannot read: .*ENOENT.*--server-cert/);
    const wrongKey = ensureCerts(dir, { serverCert: pki.server.certFile, serverKey: pki.client.keyFile });
    await expect(wrongKey).rejects.toThrow(/does not match.*--server-key/);
  });
});

describe("defaultServerNames", () => {
  it("lists loopback, host name, extras once each, IPv6 in short form", () => {
    const names = defaultServerNames(["Hooks.Example.Test", "localhost", "0:0:0:0:0:0:0:1"]);
    expect(names.slice(0, 4)).toEqual(["localhost", "127.0.0.1", "::1", hostname().toLowerCase()]);
    expect(names.at(-1)).toBe("hooks.example.test");
    expect(names.filter((n) => n === "localhost" || n === "::1")).toHaveLength(2);
  });
});

describe("runCerts", () => {
  it("prints paths, names, fingerprints and filled-in set-up steps for every registry", async () => {
    const certs = await ensureCerts(dir, { sans: ["192.0.2.10"] });
    const text = runCerts(certs, { httpsUrl: "https://localhost:9443/" });
    expect(text).toContain(certs.paths.ca);
    expect(text).toContain(new X509Certificate(certs.server.cert).fingerprint256);
    expect(text).toContain("192.0.2.10");
    for (const label of ["Quay:", "MSR / DTR:", "Harbor:", "Distribution:", "Docker Hub:"])
      expect(text).toContain(label);
    expect(text).toContain(`SSL_CERT_FILE=${certs.paths.ca}`);
    expect(text).toContain(
      `--cacert ${certs.paths.ca} --cert ${certs.paths.client} --key ${certs.paths.clientKey}`,
    );
    expect(text).not.toMatch(/\{(ca|url|lanUrl|client|clientKey)\}/);
    // Quay refuses loopback webhook URLs, so its example must use a LAN address.
    expect(text).toMatch(/https:\/\/(?!localhost|127\.0\.0\.1)[^/\s]+:9443\/hooks\/quay\/quay\/repo_push/);
  });

  it("answers JSON with the same facts", async () => {
    const certs = await ensureCerts(dir);
    const json = JSON.parse(runCerts(certs, { json: true })) as {
      certificates: { ca: { fingerprint256: string } };
      setup: Record<string, string[]>;
      sans: string[];
    };
    expect(json.certificates.ca.fingerprint256).toBe(new X509Certificate(certs.ca).fingerprint256);
    expect(Object.keys(json.setup)).toEqual([...REGISTRY_IDS]);
    expect(json.setup.dtr!.join(" ")).toContain(certs.paths.ca);
    expect(json.sans).toEqual(certs.sans);
  });

  it("keeps placeholders in SETUP_STEPS for the console to fill", () => {
    expect(SETUP_STEPS.dtr.join(" ")).toContain("{ca}");
    expect(fillSteps(["{ca} and {unknown}"], { ca: "x.pem" })).toEqual(["x.pem and {unknown}"]);
  });

  it("fills the steps for one installation", async () => {
    const certs = await ensureCerts(dir);
    const steps = setupSteps(certs, "https://localhost:9443");
    expect(steps.distribution.join(" ")).toContain(`SSL_CERT_FILE=${certs.paths.ca}`);
    expect(Object.values(steps).flat().join(" ")).not.toMatch(/\{(ca|url|lanUrl)\}/);
  });
});
