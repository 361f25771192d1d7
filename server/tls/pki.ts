// Issues X.509 material with node-forge: a CA (root or intermediate), leaves with the key usages
// each role needs, and self-signed leaves; reads SAN lists back. Keys come from node:crypto (native, fast); forge only
// builds and signs the certificates, and is loaded lazily so `quayside` starts fast when certs exist.
import { generateKeyPair, randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { promisify } from "node:util";
import type forgeType from "node-forge";

/** A certificate (possibly followed by its chain) and its private key, both PEM. */
export interface Pem {
  cert: string;
  key: string;
}

/** Which extended key usage a leaf carries; `server-only-eku` is Quay's case: a server certificate used as client certificate. */
export type LeafKind = "server" | "client" | "both" | "server-only-eku";

interface Validity {
  validDays?: number;
  notBefore?: Date;
  notAfter?: Date;
}

export interface CaOptions extends Validity {
  commonName: string;
  organization?: string;
  /** Signs the new CA with this one, making an intermediate. */
  issuer?: Pem;
}

export interface LeafOptions extends Validity {
  commonName: string;
  organization?: string;
  kind: LeafKind;
  /** DNS names and IP addresses (v4 or v6). */
  sans?: string[];
}

type Forge = typeof forgeType;
type Cert = forgeType.pki.Certificate;

const KEY_BITS = 2048;
const DEFAULT_CA_DAYS = 3650;
const DEFAULT_LEAF_DAYS = 825; // the longest lifetime Apple platforms accept for TLS server certificates
const DAY_MS = 86_400_000;
const EKU: Record<LeafKind, { serverAuth?: true; clientAuth?: true }> = {
  server: { serverAuth: true },
  client: { clientAuth: true },
  both: { serverAuth: true, clientAuth: true },
  "server-only-eku": { serverAuth: true },
};

const generateKeyPairAsync = promisify(generateKeyPair);

async function loadForge(): Promise<Forge> {
  const mod = await import("node-forge");
  return mod.default;
}

/** A fresh RSA key, PKCS#1 PEM (readable by both Node and forge). */
async function newKeyPem(): Promise<string> {
  const { privateKey } = await generateKeyPairAsync("rsa", {
    modulusLength: KEY_BITS,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  return privateKey;
}

/** 16 random bytes, first byte in 0x01..0x7f: positive and minimally DER-encoded (RFC 5280 §4.1.2.2). */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 1) & 0x7f) | 0x01;
  return bytes.toString("hex");
}

async function startCert(
  forge: Forge,
  subject: { commonName: string; organization?: string },
  validity: Validity,
  defaultDays: number,
): Promise<{ cert: Cert; key: string }> {
  const key = await newKeyPem();
  const privateKey = forge.pki.privateKeyFromPem(key) as forgeType.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = randomSerial();
  // Backdated a minute so a freshly issued certificate is valid on a peer with a slightly slow clock.
  const notBefore = validity.notBefore ?? new Date(Date.now() - 60_000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter =
    validity.notAfter ?? new Date(notBefore.getTime() + (validity.validDays ?? defaultDays) * DAY_MS);
  const attrs = [{ name: "commonName", value: subject.commonName }];
  if (subject.organization) attrs.push({ name: "organizationName", value: subject.organization });
  cert.setSubject(attrs);
  return { cert, key };
}

/** Signs `cert` with `issuer` (or itself when absent) and returns PEM. */
function sign(forge: Forge, cert: Cert, extensions: object[], ownKey: string, issuer?: Pem): string {
  const issuerCert = issuer ? forge.pki.certificateFromPem(issuer.cert) : cert;
  cert.setIssuer(issuerCert.subject.attributes);
  const authorityKeyId = issuerCert.generateSubjectKeyIdentifier().getBytes();
  cert.setExtensions([
    ...extensions,
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: authorityKeyId },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(issuer ? issuer.key : ownKey), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function altNames(sans: string[]): object[] {
  return sans.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name }));
}

function leafExtensions(kind: LeafKind, sans: string[]): object[] {
  const extensions: object[] = [
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", ...EKU[kind] },
  ];
  if (sans.length > 0) extensions.push({ name: "subjectAltName", altNames: altNames(sans) });
  return extensions;
}

/**
 * Creates a certificate authority; with `issuer`, an intermediate signed by that CA.
 * @example const ca = await createCa({ commonName: "Quayside local CA" });
 */
export async function createCa(opts: CaOptions): Promise<Pem> {
  const forge = await loadForge();
  const { cert, key } = await startCert(forge, opts, opts, DEFAULT_CA_DAYS);
  const basicConstraints = opts.issuer
    ? { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true }
    : { name: "basicConstraints", cA: true, critical: true };
  const keyUsage = {
    name: "keyUsage",
    keyCertSign: true,
    cRLSign: true,
    digitalSignature: true,
    critical: true,
  };
  return { cert: sign(forge, cert, [basicConstraints, keyUsage], key, opts.issuer), key };
}

/**
 * Creates a leaf certificate signed by `ca`, with the extended key usage of `kind` and the given SANs.
 * @example const server = await createLeaf(ca, { commonName: "localhost", kind: "server", sans: ["localhost", "::1"] });
 */
export async function createLeaf(ca: Pem, opts: LeafOptions): Promise<Pem> {
  const forge = await loadForge();
  const { cert, key } = await startCert(forge, opts, opts, DEFAULT_LEAF_DAYS);
  return { cert: sign(forge, cert, leafExtensions(opts.kind, opts.sans ?? []), key, ca), key };
}

/**
 * Creates a self-signed leaf (not a CA): what a peer presents when nobody issued its certificate.
 * @example const self = await createSelfSigned({ commonName: "registry.local", kind: "client" });
 */
export async function createSelfSigned(opts: LeafOptions): Promise<Pem> {
  const forge = await loadForge();
  const { cert, key } = await startCert(forge, opts, opts, DEFAULT_LEAF_DAYS);
  return { cert: sign(forge, cert, leafExtensions(opts.kind, opts.sans ?? []), key), key };
}

/** Lower-case host name, or an IP address in canonical short form ("0:0:0:0:0:0:0:1" → "::1"). */
export function normalizeHostName(raw: string): string {
  const name = raw.trim().toLowerCase();
  if (isIP(name) === 6) return new URL(`http://[${name}]/`).hostname.slice(1, -1);
  return name;
}

/**
 * Splits Node's `subjectAltName` string ("DNS:a, IP Address:0:0:0:0:0:0:0:1") into names, IPv6 compressed.
 * @example splitAltNames("DNS:localhost, IP Address:127.0.0.1") // ["localhost", "127.0.0.1"]
 */
export function splitAltNames(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  // Node quotes a value as a JSON string when it contains a comma or quote.
  const entries = subjectAltName.match(/[A-Za-z ]+:(?:"(?:[^"\\]|\\.)*"|[^,]*)/g) ?? [];
  return entries.map((entry) => {
    const value = entry.slice(entry.indexOf(":") + 1).trim();
    const text = value.startsWith('"') ? (JSON.parse(value) as string) : value;
    return entry.trim().startsWith("IP Address:") ? normalizeHostName(text) : text;
  });
}
