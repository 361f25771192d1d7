// Issues X.509 material: a CA (root or intermediate), leaves with the key usages each role
// needs, and self-signed leaves; reads SAN lists back. ECDSA P-256 by default: a registry like
// Quay opens a new TLS connection per delivery, and an RSA-2048 handshake costs the server ~10x
// the CPU of a P-256 one. RSA stays an option for old clients. Keys come from Node's WebCrypto;
// @peculiar/x509 builds and signs the certificates (node-forge cannot sign with EC keys), and is
// loaded lazily so `quayside` starts fast when certificates exist.
import { createPrivateKey, randomBytes, webcrypto } from "node:crypto";
import { isIP } from "node:net";
import type * as X509 from "@peculiar/x509";

/** A certificate (possibly followed by its chain) and its private key, both PEM. */
export interface Pem {
  cert: string;
  key: string;
}

/** Which extended key usage a leaf carries; `server-only-eku` is Quay's case: a server certificate used as client certificate. */
export type LeafKind = "server" | "client" | "both" | "server-only-eku";

/** The key algorithm of a new certificate. */
export type KeyType = "ec" | "rsa";
export const KEY_TYPES: readonly KeyType[] = ["ec", "rsa"];

interface Validity {
  validDays?: number;
  notBefore?: Date;
  notAfter?: Date;
  /** Default "ec" (ECDSA P-256); "rsa" is RSA-2048. */
  keyType?: KeyType;
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

type Lib = typeof X509;
const subtle = webcrypto.subtle;

const DEFAULT_CA_DAYS = 3650;
const DEFAULT_LEAF_DAYS = 825; // the longest lifetime Apple platforms accept for TLS server certificates
const DAY_MS = 86_400_000;
const ALGORITHMS = {
  ec: { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" },
  rsa: {
    name: "RSASSA-PKCS1-v1_5",
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: "SHA-256",
  },
} as const;

let lib: Promise<Lib> | null = null;
/** @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API. */
function loadLib(): Promise<Lib> {
  lib ??= (async () => {
    await import("reflect-metadata");
    const x509 = await import("@peculiar/x509");
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    return x509;
  })();
  return lib;
}

/** 16 random bytes, first byte in 0x01..0x7f: positive and minimally DER-encoded (RFC 5280 §4.1.2.2). */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 1) & 0x7f) | 0x01;
  return bytes.toString("hex");
}

/** The RFC 4514 name; values are escaped, so a comma or plus in a name cannot add an attribute. */
function distinguishedName(subject: { commonName: string; organization?: string }): string {
  const escaped = (v: string) => v.replace(/[\\,+"<>;=#]/g, (c) => `\\${c}`);
  const parts = [`CN=${escaped(subject.commonName)}`];
  if (subject.organization) parts.push(`O=${escaped(subject.organization)}`);
  return parts.join(", ");
}

function validity(opts: Validity, defaultDays: number): { notBefore: Date; notAfter: Date } {
  // Backdated a minute so a freshly issued certificate is valid on a peer with a slightly slow clock.
  const notBefore = opts.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = opts.notAfter ?? new Date(notBefore.getTime() + (opts.validDays ?? defaultDays) * DAY_MS);
  return { notBefore, notAfter };
}

async function newKeys(type: KeyType): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(ALGORITHMS[type], true, ["sign", "verify"])) as CryptoKeyPair;
}

async function keyPem(x509: Lib, key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await subtle.exportKey("pkcs8", key), "PRIVATE KEY");
}

/** The issuer's certificate and private key, imported for signing with its own algorithm. */
async function importIssuer(x509: Lib, issuer: Pem): Promise<{ cert: X509.X509Certificate; key: CryptoKey }> {
  const cert = new x509.X509Certificate(
    issuer.cert.slice(0, issuer.cert.indexOf("-----END CERTIFICATE-----") + 25),
  );
  const algorithm = cert.publicKey.algorithm as EcKeyAlgorithm | RsaHashedKeyAlgorithm;
  const params =
    algorithm.name === "ECDSA"
      ? { name: "ECDSA", namedCurve: (algorithm as EcKeyAlgorithm).namedCurve }
      : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  // keys written before ECDSA came in are PKCS#1 ("RSA PRIVATE KEY"): WebCrypto reads PKCS#8 only
  const der = createPrivateKey(issuer.key).export({ type: "pkcs8", format: "der" });
  const key = await subtle.importKey("pkcs8", der, params, false, ["sign"]);
  return { cert, key };
}

const signingAlgorithm = (key: CryptoKey) =>
  key.algorithm.name === "ECDSA" ? ALGORITHMS.ec : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };

interface Issue {
  subject: { commonName: string; organization?: string };
  opts: Validity;
  defaultDays: number;
  extensions: (x509: Lib, keys: CryptoKeyPair) => Promise<X509.Extension[]>;
  issuer?: Pem;
}

/** Makes a key pair and a certificate for it, signed by `issuer` (or by itself). */
async function issue(spec: Issue): Promise<Pem> {
  const x509 = await loadLib();
  const keys = await newKeys(spec.opts.keyType ?? "ec");
  const signer = spec.issuer ? await importIssuer(x509, spec.issuer) : null;
  const signingKey = signer?.key ?? keys.privateKey;
  const authorityKey = signer
    ? x509.AuthorityKeyIdentifierExtension.create(signer.cert, false, webcrypto as unknown as Crypto)
    : x509.AuthorityKeyIdentifierExtension.create(keys.publicKey, false, webcrypto as unknown as Crypto);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: distinguishedName(spec.subject),
    issuer: signer ? signer.cert.subject : distinguishedName(spec.subject),
    ...validity(spec.opts, spec.defaultDays),
    publicKey: keys.publicKey,
    signingKey,
    signingAlgorithm: signingAlgorithm(signingKey),
    extensions: [
      ...(await spec.extensions(x509, keys)),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto as unknown as Crypto),
      await authorityKey,
    ],
  });
  return {
    cert: `${cert.toString("pem").replace(/\r\n/g, "\n").trimEnd()}\n`,
    key: await keyPem(x509, keys.privateKey),
  };
}

function leafExtensions(kind: LeafKind, sans: string[]) {
  return async (x509: Lib, keys: CryptoKeyPair): Promise<X509.Extension[]> => {
    const flags = x509.KeyUsageFlags;
    // RSA key exchange encrypts to the key (keyEncipherment); ECDHE with an EC key only signs
    const usage =
      keys.publicKey.algorithm.name === "ECDSA"
        ? flags.digitalSignature
        : flags.digitalSignature | flags.keyEncipherment;
    const eku = {
      server: [x509.ExtendedKeyUsage.serverAuth],
      client: [x509.ExtendedKeyUsage.clientAuth],
      both: [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
      "server-only-eku": [x509.ExtendedKeyUsage.serverAuth],
    }[kind];
    const extensions: X509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(usage, true),
      new x509.ExtendedKeyUsageExtension(eku),
    ];
    const names = sans.map((name) =>
      isIP(name) ? { type: "ip" as const, value: name } : { type: "dns" as const, value: name },
    );
    if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
    return extensions;
  };
}

/**
 * Creates a certificate authority; with `issuer`, an intermediate signed by that CA.
 * @example const ca = await createCa({ commonName: "Quayside local CA" });
 */
export function createCa(opts: CaOptions): Promise<Pem> {
  return issue({
    subject: opts,
    opts,
    defaultDays: DEFAULT_CA_DAYS,
    ...(opts.issuer ? { issuer: opts.issuer } : {}),
    extensions: async (x509) => {
      const flags = x509.KeyUsageFlags;
      return [
        new x509.BasicConstraintsExtension(true, opts.issuer ? 0 : undefined, true),
        new x509.KeyUsagesExtension(flags.keyCertSign | flags.cRLSign | flags.digitalSignature, true),
      ];
    },
  });
}

/**
 * Creates a leaf certificate signed by `ca`, with the extended key usage of `kind` and the given SANs.
 * @example const server = await createLeaf(ca, { commonName: "localhost", kind: "server", sans: ["localhost", "::1"] });
 */
export function createLeaf(ca: Pem, opts: LeafOptions): Promise<Pem> {
  return issue({
    subject: opts,
    opts,
    defaultDays: DEFAULT_LEAF_DAYS,
    issuer: ca,
    extensions: leafExtensions(opts.kind, opts.sans ?? []),
  });
}

/**
 * Creates a self-signed leaf (not a CA): what a peer presents when nobody issued its certificate.
 * @example const self = await createSelfSigned({ commonName: "registry.local", kind: "client" });
 */
export function createSelfSigned(opts: LeafOptions): Promise<Pem> {
  return issue({
    subject: opts,
    opts,
    defaultDays: DEFAULT_LEAF_DAYS,
    extensions: leafExtensions(opts.kind, opts.sans ?? []),
  });
}
