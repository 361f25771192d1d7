// readPeer over real TLS: a receiver-like HTTPS server (requestCert, never rejecting) and clients
// presenting each kind of certificate a registry may send. Codes are what Node 20's OpenSSL reports.

import { X509Certificate } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TlsInfo } from "../../server/contract/types.ts";
import { isFingerprint, normalizeFingerprint, type Peer, readPeer } from "../../server/receiver/peer.ts";
import { createLeaf, createSelfSigned } from "../../server/tls/pki.ts";
import { makeTestPki, type TestCert, type TestPki } from "../helpers/pki.ts";

let pki: TestPki;
let server: https.Server;
let port: number;
let peerCertificateReads = 0;
let detailedReads = 0;

beforeAll(async () => {
  pki = await makeTestPki();
  const trustedCas = [pki.ca.cert];
  server = https.createServer(
    {
      key: pki.server.key,
      cert: pki.server.cert,
      requestCert: true,
      rejectUnauthorized: false,
      ca: trustedCas,
    },
    (req, res) => {
      const pins = String(req.headers["x-pins"] ?? "")
        .split(",")
        .filter(Boolean);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(readPeer(req.socket, { trustedCas, pins })));
    },
  );
  server.on("secureConnection", (socket: TLSSocket) => {
    const read = socket.getPeerCertificate.bind(socket);
    socket.getPeerCertificate = ((detailed: true) => {
      peerCertificateReads++;
      if (detailed) detailedReads++;
      return read(detailed);
    }) as TLSSocket["getPeerCertificate"];
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function ask(cert?: TestCert, opts: { pins?: string[]; agent?: https.Agent } = {}): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port,
        servername: "localhost",
        ca: pki.ca.cert,
        cert: cert?.cert,
        key: cert?.key,
        agent: opts.agent ?? false,
        headers: { "x-pins": (opts.pins ?? []).join(",") },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve(JSON.parse(body) as Peer));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const clientCert = (peer: Peer): TlsInfo["clientCert"] => peer.tls!.clientCert;

/** A client certificate (of the other CA) that no connection has presented yet. */
async function unseenClient(commonName: string): Promise<TestCert> {
  const leaf = await createLeaf(pki.otherCa, { commonName, kind: "client" });
  const { fingerprint256 } = new X509Certificate(leaf.cert);
  return { ...leaf, certFile: "", keyFile: "", fingerprint256, leafCert: leaf.cert };
}

describe("readPeer over TLS", () => {
  it("reports no certificate with verdict none, and the connection facts", async () => {
    const peer = await ask();
    expect(peer.scheme).toBe("https");
    expect(peer.remote.address).toBe("127.0.0.1");
    expect(peer.tls).toMatchObject({ protocol: "TLSv1.3", servername: "localhost" });
    expect(peer.tls!.cipher).toMatch(/^TLS_/);
    expect(clientCert(peer)).toMatchObject({
      presented: false,
      verdict: "none",
      authorized: false,
      details: null,
    });
    // Node reports this code whenever the client sent no certificate.
    expect(clientCert(peer).authorizationError).toBe("UNABLE_TO_GET_ISSUER_CERT");
  });

  it("trusts a clientAuth certificate from the trusted CA and records its details", async () => {
    const cert = clientCert(await ask(pki.client));
    expect(cert).toMatchObject({
      presented: true,
      verdict: "trusted",
      authorized: true,
      authorizationError: null,
    });
    expect(cert.reason).toContain("CN=Quayside Test CA");
    expect(cert.details).toMatchObject({
      subject: "CN=registry-client",
      issuer: "CN=Quayside Test CA",
      fingerprint256: pki.client.fingerprint256,
      extKeyUsage: ["clientAuth"],
      chain: ["CN=registry-client", "CN=Quayside Test CA"],
    });
    expect(Date.parse(cert.details!.validTo)).toBeGreaterThan(Date.now());
    expect(cert.details!.serialNumber).toMatch(/^[0-9A-F]+$/);
  });

  it("explains a certificate from another CA", async () => {
    const cert = clientCert(await ask(pki.otherClient));
    expect(cert).toMatchObject({
      verdict: "untrusted",
      authorizationError: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    });
    expect(cert.reason).toContain("issued by a CA Quayside does not trust (CN=Other Test CA)");
    expect(cert.reason).toContain("certs/trusted/");
  });

  it("explains an expired certificate", async () => {
    const cert = clientCert(await ask(pki.expiredClient));
    expect(cert).toMatchObject({ verdict: "untrusted", authorizationError: "CERT_HAS_EXPIRED" });
    // one problem, said whole, with no "Also:" after it
    const validTo = new Date(new X509Certificate(pki.expiredClient.leafCert).validTo).toISOString();
    expect(cert.reason).toBe(`expired on ${validTo}: renew it on the sender, or pin its fingerprint.`);
  });

  it("explains a certificate that is not valid yet", async () => {
    const cert = clientCert(await ask(pki.notYetValidClient));
    expect(cert).toMatchObject({ verdict: "untrusted", authorizationError: "CERT_NOT_YET_VALID" });
    expect(cert.reason).toMatch(/^not valid before/);
  });

  it("says plainly that a trusted serverAuth-only certificate (Quay's case) lacks clientAuth", async () => {
    const cert = clientCert(await ask(pki.serverAuthOnlyClient));
    expect(cert).toMatchObject({
      verdict: "untrusted",
      authorized: false,
      authorizationError: "INVALID_PURPOSE",
    });
    expect(cert.reason).toMatch(
      /^valid and trusted, but its extended key usage is serverAuth only \(no clientAuth\)/,
    );
    expect(cert.reason).toContain("Quay");
    expect(cert.details!.extKeyUsage).toEqual(["serverAuth"]);
  });

  it("accepts the serverAuth-only certificate as pinned when its fingerprint is pinned in any spelling", async () => {
    const pin = pki.serverAuthOnlyClient.fingerprint256.replaceAll(":", "").toLowerCase();
    const cert = clientCert(await ask(pki.serverAuthOnlyClient, { pins: [pin] }));
    expect(cert.verdict).toBe("pinned");
    expect(cert.authorizationError).toBe("INVALID_PURPOSE");
    expect(cert.reason).toContain("no clientAuth");
  });

  it("trusts a certificate issued through an intermediate the client sends, listing the chain", async () => {
    const cert = clientCert(await ask(pki.intermediateClient));
    expect(cert).toMatchObject({ verdict: "trusted", authorized: true });
    expect(cert.details!.chain).toEqual([
      "CN=intermediate-client",
      "CN=Quayside Test Intermediate",
      "CN=Quayside Test CA",
    ]);
  });

  it("does not trust the same leaf when the intermediate is missing", async () => {
    const leafOnly = { ...pki.intermediateClient, cert: pki.intermediateClient.leafCert };
    const cert = clientCert(await ask(leafOnly));
    expect(cert).toMatchObject({
      verdict: "untrusted",
      authorizationError: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    });
    expect(cert.reason).toContain("(CN=Quayside Test Intermediate)");
  });

  it("does not call a self-signed serverAuth-only certificate trusted, although OpenSSL reports only INVALID_PURPOSE", async () => {
    const quaySelfSigned = await createSelfSigned({ commonName: "quay.local", kind: "server-only-eku" });
    const cert = clientCert(await ask({ ...pki.selfSigned, ...quaySelfSigned }));
    expect(cert).toMatchObject({ verdict: "untrusted", authorizationError: "INVALID_PURPOSE" });
    expect(cert.reason).toMatch(/^self-signed \(CN=quay.local\)/);
    expect(cert.reason).toContain("Also: extended key usage is serverAuth only (no clientAuth)");
    expect(cert.reason).not.toContain("valid and trusted");
  });

  it("explains a self-signed certificate", async () => {
    const cert = clientCert(await ask(pki.selfSigned));
    expect(cert).toMatchObject({ verdict: "untrusted", authorizationError: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    expect(cert.reason).toMatch(/^self-signed \(CN=self-signed-client\)/);
  });

  it("reads the certificate once per connection and applies each request's pins", async () => {
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const before = peerCertificateReads;
      const first = await ask(pki.otherClient, { agent });
      const second = await ask(pki.otherClient, { agent, pins: [pki.otherClient.fingerprint256] });
      expect(second.remote.port).toBe(first.remote.port);
      expect([clientCert(first).verdict, clientCert(second).verdict]).toEqual(["untrusted", "pinned"]);
      // the first request reads the leaf (and the chain, unless this certificate was seen lately)
      const reads = peerCertificateReads - before;
      await ask(pki.otherClient, { agent });
      expect(peerCertificateReads - before).toBe(reads);
    } finally {
      agent.destroy();
    }
  });

  it("pins only the fingerprint pinned: another endpoint's pin leaves the verdict to TLS", async () => {
    const cert = clientCert(await ask(pki.serverAuthOnlyClient, { pins: [pki.client.fingerprint256] }));
    expect(cert.verdict).toBe("untrusted");
    expect(cert.reason).toMatch(/^valid and trusted, but its extended key usage is serverAuth only/);
  });

  it("examines a certificate seen more than a minute ago afresh (its dates are judged anew)", async () => {
    const aging = await unseenClient("aging-client");
    const before = detailedReads;
    await ask(aging);
    await ask(aging);
    expect(detailedReads - before).toBe(1);
    const now = Date.now();
    const later = vi.spyOn(Date, "now").mockReturnValue(now + 61_000);
    try {
      await ask(aging);
    } finally {
      later.mockRestore();
    }
    expect(detailedReads - before).toBe(2);
  });

  it("examines a certificate once, also across new connections (as Quay connects)", async () => {
    const fresh = await unseenClient("fresh-client");
    const { fingerprint256 } = fresh;
    const before = detailedReads;
    const first = await ask(fresh);
    const second = await ask(fresh, { pins: [fingerprint256] });
    expect(second.remote.port).not.toBe(first.remote.port);
    expect([clientCert(first).verdict, clientCert(second).verdict]).toEqual(["untrusted", "pinned"]);
    expect(clientCert(second).details?.subject).toBe("CN=fresh-client");
    expect(detailedReads - before).toBe(1);
  });

  it("lists the whole chain also when the certificate was examined on an earlier connection", async () => {
    const first = clientCert(await ask(pki.intermediateClient));
    const again = clientCert(await ask(pki.intermediateClient));
    expect(again.details?.chain).toEqual(first.details?.chain);
    expect(again.details?.chain).toHaveLength(3);
    expect(again.verdict).toBe("trusted");
  });
});

describe("readPeer over plain HTTP", () => {
  it("reports scheme http and no TLS", async () => {
    const plain = http.createServer((req, res) =>
      res.end(JSON.stringify(readPeer(req.socket, { trustedCas: [], pins: [] }))),
    );
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    try {
      const { port: plainPort } = plain.address() as AddressInfo;
      const body = await fetch(`http://127.0.0.1:${plainPort}/`).then((r) => r.json());
      expect(body).toMatchObject({ scheme: "http", tls: null, remote: { address: "127.0.0.1" } });
    } finally {
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });
});

describe("normalizeFingerprint", () => {
  it("accepts any case, colons, spaces and openssl's prefix", () => {
    const canonical = "AB:CD:EF:01";
    expect(normalizeFingerprint("abcdef01")).toBe(canonical);
    expect(normalizeFingerprint("ab:cd:ef:01")).toBe(canonical);
    expect(normalizeFingerprint("sha256 Fingerprint=AB:CD:EF:01")).toBe(canonical);
    expect(normalizeFingerprint("not a fingerprint")).toBe("");
  });

  it("takes a sha256: or sha-256: label only in front, after spaces, and nothing but hex", () => {
    const canonical = "AB:CD:EF:01";
    expect(normalizeFingerprint("sha256:abcdef01")).toBe(canonical);
    expect(normalizeFingerprint("  SHA-256:ab cd ef 01")).toBe(canonical);
    expect(normalizeFingerprint("\tsha256:AB:CD:EF:01")).toBe(canonical);
    // a label anywhere else is not one, and a fingerprint holds nothing but hex, colons and spaces
    expect(normalizeFingerprint("x sha256:abcdef01")).toBe("");
    expect(normalizeFingerprint("xsha256:abcdef01")).toBe("");
    expect(normalizeFingerprint("abcdef01z")).toBe("");
    expect(normalizeFingerprint("ab-cd-ef-01")).toBe("");
  });

  it("recognises only full SHA-256 fingerprints", async () => {
    const { client } = await makeTestPki();
    expect(isFingerprint(client.fingerprint256)).toBe(true);
    expect(isFingerprint(client.fingerprint256.slice(3))).toBe(false);
    expect(isFingerprint("zz".repeat(32))).toBe(false);
  });
});
