// Certificates issued by server/tls/pki.ts, read back with node:crypto's X509Certificate.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { splitAltNames } from "../../server/tls/names.ts";
import { createCa, createLeaf, createSelfSigned } from "../../server/tls/pki.ts";
import { makeTestPki } from "../helpers/pki.ts";

const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
const x509 = (pem: string) => new X509Certificate(pem);

describe("createCa", () => {
  it("makes a self-issued CA certificate whose key matches", async () => {
    const ca = await createCa({ commonName: "Unit CA", validDays: 10 });
    const cert = x509(ca.cert);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe("CN=Unit CA");
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.checkIssued(cert)).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(Math.round(days)).toBe(10);
  });

  it("makes an intermediate signed by its issuer", async () => {
    const { ca, intermediate } = await makeTestPki();
    const cert = x509(intermediate.cert);
    expect(cert.ca).toBe(true);
    expect(cert.checkIssued(x509(ca.cert))).toBe(true);
    expect(cert.verify(x509(ca.cert).publicKey)).toBe(true);
    expect(cert.checkIssued(cert)).toBe(false);
  });

  it("gives every certificate a distinct positive serial", async () => {
    const pki = await makeTestPki();
    const serials = [pki.ca, pki.client, pki.server, pki.otherClient, pki.selfSigned].map(
      (c) => x509(c.leafCert).serialNumber,
    );
    expect(new Set(serials).size).toBe(serials.length);
    for (const serial of serials) expect(Number.parseInt(serial.slice(0, 2), 16)).toBeLessThan(0x80);
  });
});

describe("createLeaf", () => {
  it("puts DNS names and IPv4/IPv6 addresses in the server certificate", async () => {
    const { server, ca } = await makeTestPki();
    const cert = x509(server.cert);
    expect(cert.ca).toBe(false);
    expect(cert.subjectAltName).toContain("DNS:localhost");
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkIP("::1")).toBe("::1");
    expect(cert.checkIP("10.1.2.3")).toBeUndefined();
    expect(cert.keyUsage).toEqual([SERVER_AUTH]);
    expect(cert.checkIssued(x509(ca.cert))).toBe(true);
  });

  it.each([
    ["client", [CLIENT_AUTH]],
    ["both", [SERVER_AUTH, CLIENT_AUTH]],
    ["server-only-eku", [SERVER_AUTH]],
  ] as const)("gives a %s leaf the extended key usage it needs", async (kind, eku) => {
    const { ca } = await makeTestPki();
    const leaf = await createLeaf(ca, { commonName: kind, kind });
    expect(x509(leaf.cert).keyUsage).toEqual(eku);
    expect(x509(leaf.cert).checkPrivateKey(createPrivateKey(leaf.key))).toBe(true);
  });

  it("honours explicit validity dates", async () => {
    const { expiredClient } = await makeTestPki();
    expect(Date.parse(x509(expiredClient.cert).validTo)).toBeLessThan(Date.now());
  });

  it("signs an intermediate's leaf so that the chain verifies", async () => {
    const { intermediateClient, intermediate } = await makeTestPki();
    const leaf = x509(intermediateClient.leafCert);
    expect(leaf.checkIssued(x509(intermediate.leafCert))).toBe(true);
    expect(intermediateClient.cert).toContain(intermediate.leafCert.trim());
  });
});

describe("createSelfSigned", () => {
  it("makes a leaf that is its own issuer and no CA", async () => {
    const self = await createSelfSigned({ commonName: "lonely", kind: "client", sans: ["lonely.test"] });
    const cert = x509(self.cert);
    expect(cert.ca).toBe(false);
    expect(cert.issuer).toBe("CN=lonely");
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkHost("lonely.test")).toBe("lonely.test");
  });
});

describe("makeTestPki", () => {
  it("writes keys with mode 0600 and reuses one PKI per process", async () => {
    const first = await makeTestPki();
    expect(await makeTestPki()).toBe(first);
    expect(statSync(first.client.keyFile).mode & 0o777).toBe(0o600);
    expect(x509(first.client.cert).fingerprint256).toBe(first.client.fingerprint256);
  });
});

describe("splitAltNames", () => {
  it("reads Node's subjectAltName format, including quoted values", () => {
    expect(splitAltNames('DNS:a.test, IP Address:0:0:0:0:0:0:0:1, DNS:"we\\"ird,name"')).toEqual([
      "a.test",
      "::1",
      'we"ird,name',
    ]);
    expect(splitAltNames(undefined)).toEqual([]);
  });
});
