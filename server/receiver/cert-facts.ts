// What a presented client certificate says by itself: its details and the problems our own
// checks find (trust, dates, key usage), independent of OpenSSL's single authorizationError.
import { X509Certificate } from "node:crypto";
import type { DetailedPeerCertificate } from "node:tls";
import type { CertificateDetails } from "../contract/types.ts";
import { splitAltNames } from "../tls/names.ts";

/** What the certificate itself says: examined once per socket, and reused across recent connections. */
export interface CertFacts {
  details: CertificateDetails;
  /** Problems found by our own checks, most fundamental first, as [short, full] sentences. */
  problems: [string, string][];
  trustedRoot: string | null;
}

const EKU_NAMES: Record<string, string> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.2": "clientAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
  "1.3.6.1.5.5.7.3.17": "ipsecIKE",
  "2.5.29.37.0": "anyExtendedKeyUsage",
};
const CLIENT_USABLE = new Set(["clientAuth", "anyExtendedKeyUsage"]);
/** "CN=x, O=y" from Node's name object (a field repeats as an array when the name has it twice). */
function formatName(name: object | undefined): string {
  if (!name) return "";
  return Object.entries(name as Record<string, string | string[]>)
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${key}=${v}`))
    .join(", ");
}

function isoDate(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/** The presented chain, leaf first, up to the trust anchor OpenSSL found (if any). */
function walkChain(leaf: DetailedPeerCertificate): DetailedPeerCertificate[] {
  const chain = [leaf];
  let current = leaf;
  while (current.issuerCertificate && current.issuerCertificate !== current && chain.length < 10) {
    current = current.issuerCertificate;
    if (!current.raw) break;
    chain.push(current);
  }
  return chain;
}

function describeEku(names: string[]): string {
  return names.length === 1 ? `${names[0]} only` : names.join(", ");
}

/**
 * Our own checks, independent of OpenSSL's single `authorizationError`: OpenSSL reports only the last
 * error it met, e.g. INVALID_PURPOSE for a self-signed serverAuth certificate, CERT_HAS_EXPIRED for an
 * expired one from an unknown CA. Order: trust first, then dates, then key usage.
 */
export function examine(leaf: DetailedPeerCertificate, roots: Set<string>): CertFacts {
  const chain = walkChain(leaf);
  const parsed = chain.map((c) => new X509Certificate(c.raw));
  const extKeyUsage = (leaf.ext_key_usage ?? []).map(
    (oid) => (Object.hasOwn(EKU_NAMES, oid) ? EKU_NAMES[oid] : undefined) ?? oid,
  );
  const details: CertificateDetails = {
    subject: formatName(leaf.subject),
    issuer: formatName(leaf.issuer),
    subjectAltNames: splitAltNames(leaf.subjectaltname),
    serialNumber: leaf.serialNumber,
    validFrom: isoDate(leaf.valid_from),
    validTo: isoDate(leaf.valid_to),
    fingerprint256: leaf.fingerprint256,
    extKeyUsage,
    chain: chain.map((c) => formatName(c.subject)),
  };
  const linked = parsed.every((cert, i) => {
    const issuer = parsed[i + 1] ?? cert;
    return i + 1 < parsed.length ? cert.checkIssued(issuer) && cert.verify(issuer.publicKey) : true;
  });
  const top = parsed.at(-1);
  const anchored = linked && top !== undefined && roots.has(top.fingerprint256);
  const problems: [string, string][] = [];
  if (!anchored) {
    const self = parsed.length === 1 && leaf.subject && details.subject === details.issuer;
    problems.push(
      self
        ? [
            "self-signed",
            `self-signed (${details.subject}), so no CA vouches for it: pin its fingerprint, or put the certificate in certs/trusted/`,
          ]
        : [
            "issued by an untrusted CA",
            `issued by a CA Quayside does not trust (${details.issuer}): put that CA in certs/trusted/ or pin this certificate's fingerprint`,
          ],
    );
  }
  const now = Date.now();
  if (Date.parse(leaf.valid_to) < now) {
    problems.push([
      `expired on ${details.validTo}`,
      `expired on ${details.validTo}: renew it on the sender, or pin its fingerprint`,
    ]);
  } else if (Date.parse(leaf.valid_from) > now) {
    problems.push([
      `not valid before ${details.validFrom}`,
      `not valid before ${details.validFrom}: check the clock of the sender and of this machine`,
    ]);
  }
  if (extKeyUsage.length > 0 && !extKeyUsage.some((name) => CLIENT_USABLE.has(name))) {
    const eku = describeEku(extKeyUsage);
    problems.push([
      `extended key usage is ${eku} (no clientAuth)`,
      `${anchored ? "valid and trusted, but its" : "its"} extended key usage is ${eku} (no clientAuth) — typical for Quay, which presents its server certificate; pin its fingerprint to accept it (trusting its CA is not enough: TLS checks clientAuth)`,
    ]);
  }
  return { details, problems, trustedRoot: anchored && top ? formatName(chain.at(-1)?.subject) : null };
}
