// What a presented client certificate says by itself (examine), checked on real certificates of
// the test PKI, handed over in the shape Node's getPeerCertificate(true) gives: every problem's
// exact words, in order, and when the presented chain reaches a trusted root.
import { X509Certificate } from "node:crypto";
import type { DetailedPeerCertificate } from "node:tls";
import { beforeAll, describe, expect, it } from "vitest";
import { examine } from "../../server/receiver/cert-facts.ts";
import { createCa, createLeaf, type Pem } from "../../server/tls/pki.ts";
import { makeTestPki, type TestPki } from "../helpers/pki.ts";

/** "CN=a\nOU=b\nOU=c" as Node's peer certificate names it: a repeated field becomes an array. */
function nameObject(text: string): Record<string, string | string[]> {
  const name: Record<string, string | string[]> = {};
  for (const line of text.split("\n")) {
    const [key = "", value = ""] = line.split("=");
    const known = name[key];
    name[key] = known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value];
  }
  return name;
}

/** The peer certificate Node would give for `pems`, leaf first, each linked to the next. */
function presented(...pems: string[]): DetailedPeerCertificate {
  const [first, ...rest] = pems;
  const x = new X509Certificate(first as string);
  const peer = {
    raw: x.raw,
    subject: nameObject(x.subject),
    issuer: nameObject(x.issuer),
    subjectaltname: x.subjectAltName,
    serialNumber: x.serialNumber,
    valid_from: x.validFrom,
    valid_to: x.validTo,
    fingerprint256: x.fingerprint256,
    ext_key_usage: x.keyUsage,
  } as unknown as DetailedPeerCertificate;
  peer.issuerCertificate = rest.length > 0 ? presented(...rest) : peer;
  return peer;
}

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
const iso = (pem: string, field: "validFrom" | "validTo") =>
  new Date(new X509Certificate(pem)[field]).toISOString();

let pki: TestPki;
let roots: Set<string>;
beforeAll(async () => {
  pki = await makeTestPki();
  roots = new Set([fingerprint(pki.ca.cert)]);
});

describe("examine: a presented client certificate by itself", () => {
  it("finds nothing wrong with a clientAuth certificate whose chain reaches a trusted root", () => {
    const facts = examine(presented(pki.client.leafCert, pki.ca.cert), roots);
    expect(facts.problems).toEqual([]);
    expect(facts.trustedRoot).toBe("CN=Quayside Test CA");
    expect(facts.details).toMatchObject({
      subject: "CN=registry-client",
      issuer: "CN=Quayside Test CA",
      extKeyUsage: ["clientAuth"],
      chain: ["CN=registry-client", "CN=Quayside Test CA"],
      validTo: iso(pki.client.leafCert, "validTo"),
    });
  });

  it("follows an intermediate to the root, and trusts nothing when the root is not trusted", () => {
    const chain = presented(pki.intermediateClient.leafCert, pki.intermediate.leafCert, pki.ca.cert);
    expect(examine(chain, roots)).toMatchObject({ problems: [], trustedRoot: "CN=Quayside Test CA" });
    const untrusted = examine(chain, new Set([fingerprint(pki.otherCa.cert)]));
    expect(untrusted.trustedRoot).toBeNull();
    expect(untrusted.problems.map(([short]) => short)).toEqual(["issued by an untrusted CA"]);
  });

  it("does not count a chain as trusted when a link was not issued by the next certificate", async () => {
    // an impostor CA under the trusted CA's name: its leaf, presented with the real CA
    const impostor: Pem = await createCa({ commonName: "Quayside Test CA" });
    const leaf = await createLeaf(impostor, { commonName: "impostor-client", kind: "client" });
    const facts = examine(presented(leaf.cert, pki.ca.cert), roots);
    expect(facts.trustedRoot).toBeNull();
    expect(facts.problems).toEqual([
      [
        "issued by an untrusted CA",
        "issued by a CA Quayside does not trust (CN=Quayside Test CA): put that CA in certs/trusted/ or pin this certificate's fingerprint",
      ],
    ]);
  });

  it("says a certificate is self-signed only when it is alone and names itself as issuer", () => {
    const self = examine(presented(pki.selfSigned.leafCert), roots);
    expect(self.problems).toEqual([
      [
        "self-signed",
        "self-signed (CN=self-signed-client), so no CA vouches for it: pin its fingerprint, or put the certificate in certs/trusted/",
      ],
    ]);
    // a leaf of an unknown CA, presented alone: issued by someone else, not self-signed
    const alone = examine(presented(pki.otherClient.leafCert), roots);
    expect(alone.problems.map(([short]) => short)).toEqual(["issued by an untrusted CA"]);
  });

  it("words an expired and a not-yet-valid certificate with their dates", () => {
    const expired = examine(presented(pki.expiredClient.leafCert, pki.ca.cert), roots);
    const to = iso(pki.expiredClient.leafCert, "validTo");
    expect(expired.problems).toEqual([
      [`expired on ${to}`, `expired on ${to}: renew it on the sender, or pin its fingerprint`],
    ]);
    const future = examine(presented(pki.notYetValidClient.leafCert, pki.ca.cert), roots);
    const from = iso(pki.notYetValidClient.leafCert, "validFrom");
    expect(future.problems).toEqual([
      [
        `not valid before ${from}`,
        `not valid before ${from}: check the clock of the sender and of this machine`,
      ],
    ]);
  });

  it("flags an extended key usage without clientAuth, worded for a trusted and an untrusted chain", async () => {
    const trusted = examine(presented(pki.serverAuthOnlyClient.leafCert, pki.ca.cert), roots);
    expect(trusted.trustedRoot).toBe("CN=Quayside Test CA");
    expect(trusted.problems).toHaveLength(1);
    expect(trusted.problems[0]?.[0]).toBe("extended key usage is serverAuth only (no clientAuth)");
    expect(trusted.problems[0]?.[1]).toMatch(
      /^valid and trusted, but its extended key usage is serverAuth only \(no clientAuth\) — typical for Quay/,
    );
    const other = await createLeaf(pki.otherCa, { commonName: "other-server", kind: "server" });
    const untrusted = examine(presented(other.cert), roots);
    expect(untrusted.problems.map(([short]) => short)).toEqual([
      "issued by an untrusted CA",
      "extended key usage is serverAuth only (no clientAuth)",
    ]);
    expect(untrusted.problems[1]?.[1]).toMatch(/^its extended key usage is serverAuth only/);
  });

  it("accepts serverAuth with clientAuth, or no extended key usage at all", async () => {
    const both = await createLeaf(pki.ca, { commonName: "both", kind: "both" });
    const facts = examine(presented(both.cert, pki.ca.cert), roots);
    expect(facts.details.extKeyUsage).toEqual(["serverAuth", "clientAuth"]);
    expect(facts.problems).toEqual([]);
    // the CA certificate itself has no extended key usage extension
    const ca = examine(presented(pki.ca.cert), roots);
    expect(ca.details.extKeyUsage).toEqual([]);
    expect(ca.problems).toEqual([]);
  });

  it("writes a repeated name field once per value", () => {
    const peer = presented(pki.client.leafCert, pki.ca.cert);
    peer.subject = { OU: ["build", "release"], CN: "registry-client" } as unknown as typeof peer.subject;
    expect(examine(peer, roots).details.subject).toBe("OU=build, OU=release, CN=registry-client");
  });
});
