// The certificate cache in `--certs DIR`: loads the local CA, server and client certificates, reuses
// them while valid, and regenerates only what is missing, expiring, or lacks a requested name.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { hostname, networkInterfaces } from "node:os";
import { basename, join } from "node:path";
import { normalizeHostName, splitAltNames } from "./names.ts";
import { CertFileError, readOptional, writePem } from "./pem-files.ts";
import { createCa, createLeaf, type KeyType, type Pem } from "./pki.ts";

export { CertFileError } from "./pem-files.ts";

export interface CertPaths {
  dir: string;
  ca: string;
  caKey: string;
  server: string;
  serverKey: string;
  client: string;
  clientKey: string;
  trustedDir: string;
}

export interface LoadedCerts {
  paths: CertPaths;
  ca: string;
  server: Pem;
  client: Pem;
  /** Our CA plus every certificate in `certs/trusted/*.pem`, one PEM per certificate. */
  trustedCas: string[];
  /** Names in the server certificate actually served. */
  sans: string[];
  /** Files (re)generated during this call, e.g. `["server.pem"]`, for the start-up banner. */
  generated: string[];
  /** Why each file was (re)generated, in plain words. */
  notes: string[];
}

export interface EnsureCertsOptions {
  /** Names wanted in the server certificate besides `defaultServerNames()` (`--san`). */
  sans?: string[];
  /** A user-supplied server certificate and key: used as-is, never regenerated. */
  serverCert?: string;
  serverKey?: string;
  /** Key algorithm of certificates made now (default "ec"); a leaf with another is made again. The CA is kept whatever its key: registries trust it. */
  keyType?: KeyType;
}

/** Certificates expiring sooner than this are regenerated at start. */
const RENEW_BEFORE_MS = 86_400_000;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The paths of every file in the cache directory. */
export function certPaths(dir: string): CertPaths {
  return {
    dir,
    ca: join(dir, "ca.pem"),
    caKey: join(dir, "ca-key.pem"),
    server: join(dir, "server.pem"),
    serverKey: join(dir, "server-key.pem"),
    client: join(dir, "client.pem"),
    clientKey: join(dir, "client-key.pem"),
    trustedDir: join(dir, "trusted"),
  };
}

/**
 * The names the server certificate must carry: loopback, this host's name, its LAN addresses, then `extra`.
 * IPv6 link-local addresses are left out: a webhook URL cannot use them without a zone id.
 * @example defaultServerNames(["hooks.example.test"]) // ["localhost", "127.0.0.1", "::1", "laptop", "192.168.1.20", ..., "hooks.example.test"]
 */
export function defaultServerNames(extra: string[] = []): string[] {
  const names = ["localhost", "127.0.0.1", "::1", hostname()];
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) {
      if (!info.internal && !/^fe80:/i.test(info.address)) names.push(info.address);
    }
  }
  names.push(...extra);
  const out: string[] = [];
  for (const raw of names) {
    const name = normalizeHostName(raw);
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Why the stored pair cannot be reused, or null when it can. */
function staleReason(
  pem: Pem,
  issuer: X509Certificate | null,
  names: string[] = [],
  keyType?: KeyType,
): string | null {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem.cert);
    if (!cert.checkPrivateKey(createPrivateKey(pem.key))) return "key does not match the certificate";
  } catch {
    return "unreadable";
  }
  if (new Date(cert.validTo).getTime() - Date.now() < RENEW_BEFORE_MS) return `expires ${cert.validTo}`;
  if (new Date(cert.validFrom).getTime() > Date.now()) return `not valid before ${cert.validFrom}`;
  if (!issuer && !cert.ca) return "not a CA certificate";
  const type = cert.publicKey.asymmetricKeyType;
  if (keyType && type !== keyType) return `an ${type?.toUpperCase()} key where --key-type is ${keyType}`;
  if (issuer && !(cert.checkIssued(issuer) && cert.verify(issuer.publicKey)))
    return "not issued by the current CA";
  const missing = names.filter((n) => !(isIP(n) ? cert.checkIP(n) : cert.checkHost(n, { subject: "never" })));
  return missing.length > 0 ? `missing ${missing.join(", ")}` : null;
}

async function loadPair(certFile: string, keyFile: string): Promise<Pem | null> {
  const [cert, key] = await Promise.all([readOptional(certFile), readOptional(keyFile)]);
  return cert !== null && key !== null ? { cert, key } : null;
}

async function readUserPair(certFile = "", keyFile = ""): Promise<Pem> {
  const read = async (file: string, setting: string) => {
    if (!file) throw new CertFileError("(none)", setting, "give both --server-cert and --server-key");
    return readFile(file, "utf8").catch((error: Error) => {
      throw new CertFileError(file, setting, `cannot read: ${error.message}`);
    });
  };
  const pem = { cert: await read(certFile, "--server-cert"), key: await read(keyFile, "--server-key") };
  const check = <T>(file: string, setting: string, what: string, fn: () => T): T => {
    try {
      return fn();
    } catch {
      throw new CertFileError(file, setting, `not a PEM ${what}`);
    }
  };
  const cert = check(certFile, "--server-cert", "certificate", () => new X509Certificate(pem.cert));
  const key = check(keyFile, "--server-key", "private key", () => createPrivateKey(pem.key));
  if (!cert.checkPrivateKey(key))
    throw new CertFileError(keyFile, "--server-key", "key does not match --server-cert");
  return pem;
}

async function readTrusted(trustedDir: string): Promise<string[]> {
  let files: string[];
  try {
    files = (await readdir(trustedDir)).filter((f) => f.endsWith(".pem")).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const file of files) {
    const text = await readOptional(join(trustedDir, file));
    out.push(...(text?.match(PEM_BLOCK) ?? []).map((block) => `${block}\n`));
  }
  return out;
}

interface Slot {
  cert: string;
  key: string;
  /** Null for the CA itself. */
  issuer: X509Certificate | null;
  names?: string[];
  /** For leaves: the key algorithm they must have. */
  keyType?: KeyType;
  make: () => Promise<Pem>;
}

/**
 * Loads the certificate cache in `dir`, creating or renewing what is needed.
 * @example const certs = await ensureCerts("certs", { sans: ["hooks.example.test"] });
 */
export async function ensureCerts(dir: string, opts: EnsureCertsOptions = {}): Promise<LoadedCerts> {
  const paths = certPaths(dir);
  try {
    await mkdir(paths.trustedDir, { recursive: true });
  } catch (error) {
    throw new CertFileError(dir, "--certs", `cannot create directory: ${(error as Error).message}`);
  }
  const generated: string[] = [];
  const notes: string[] = [];
  const ensurePair = async (slot: Slot): Promise<Pem> => {
    const stored = await loadPair(slot.cert, slot.key);
    const reason = stored ? staleReason(stored, slot.issuer, slot.names, slot.keyType) : "missing";
    if (stored && !reason) return stored;
    const pem = await slot.make();
    await writePem(slot.key, pem.key, true);
    await writePem(slot.cert, pem.cert, false);
    generated.push(basename(slot.cert));
    notes.push(`${slot.cert}: ${reason}`);
    return pem;
  };

  const keyType = opts.keyType ?? "ec";
  const make = () => createCa({ commonName: "Quayside local CA", keyType });
  const ca = await ensurePair({ cert: paths.ca, key: paths.caKey, issuer: null, make });
  // A new CA changes the issuer, so staleReason then renews both leaves too.
  const issuer = new X509Certificate(ca.cert);
  const names = defaultServerNames(opts.sans);
  const server =
    opts.serverCert || opts.serverKey
      ? await readUserPair(opts.serverCert, opts.serverKey)
      : await ensurePair({
          cert: paths.server,
          key: paths.serverKey,
          issuer,
          names,
          keyType,
          make: () =>
            createLeaf(ca, { commonName: names[0] ?? "localhost", kind: "server", sans: names, keyType }),
        });
  const client = await ensurePair({
    cert: paths.client,
    key: paths.clientKey,
    issuer,
    keyType,
    make: () => createLeaf(ca, { commonName: "Quayside client", kind: "client", keyType }),
  });

  const trustedCas = [ca.cert, ...(await readTrusted(paths.trustedDir))];
  const sans = splitAltNames(new X509Certificate(server.cert).subjectAltName);
  return { paths, ca: ca.cert, server, client, trustedCas, sans, generated, notes };
}
