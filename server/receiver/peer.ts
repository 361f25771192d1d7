// The only reader of the receiver's TLS socket: protocol, cipher, SNI and the client certificate,
// with a verdict (trusted / pinned / untrusted / none) and a plain-words reason. The server runs with
// `requestCert: true, rejectUnauthorized: false`, so every handshake succeeds and is judged here.
import { X509Certificate } from "node:crypto";
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import type { TlsInfo } from "../contract/types.ts";
import { type CertFacts, examine } from "./cert-facts.ts";

export interface PeerPolicy {
  /** CAs whose client certificates are trusted: the server's `ca` option, as PEM or parsed. */
  trustedCas: X509Certificate[] | string[];
  /** Pinned SHA-256 fingerprints: any case, with or without colons. */
  pins: string[];
}

export interface Peer {
  scheme: "https" | "http";
  remote: { address: string; port: number };
  tls: TlsInfo | null;
}

const NO_CERT =
  "no client certificate presented (normal for DTR/MSR, Harbor and distribution; Quay sends one only when it serves HTTPS itself)";

const factsBySocket = new WeakMap<TLSSocket, { roots: Set<string>; facts: CertFacts | null }>();
/**
 * Facts by what was presented, across connections: a sender that opens a new connection per
 * delivery (Quay) presents the same certificate every time, and examining it again costs ~1 ms.
 * Bounded, and examined afresh after a minute so that dates (expiry) are judged anew.
 */
const factsByCert = new Map<string, { at: number; roots: Set<string>; facts: CertFacts }>();
const FACTS_BY_CERT_MAX = 256;
const FACTS_BY_CERT_MS = 60_000;
const rootsByPolicy = new WeakMap<object, Set<string>>();

/** The hex digits of a fingerprint written by hand or by `openssl x509 -fingerprint`, or null if it has others. */
function fingerprintHex(s: string): string | null {
  const value = s.slice(s.lastIndexOf("=") + 1).replace(/^\s*sha-?256:/i, "");
  return /^[\s0-9a-f:]*$/i.test(value) ? value.replace(/[^0-9a-f]/gi, "").toUpperCase() : null;
}

/**
 * Canonical form of a SHA-256 fingerprint: upper-case hex pairs joined by colons, as Node prints it
 * ("" when `s` is not hex). Accepts `openssl x509 -fingerprint` output ("sha256 Fingerprint=ab:cd…").
 * @example normalizeFingerprint("ab cd ef") // "AB:CD:EF"
 */
export function normalizeFingerprint(s: string): string {
  return fingerprintHex(s)?.match(/../g)?.join(":") ?? "";
}

/** True when `s` is a full SHA-256 fingerprint (32 bytes) in any accepted spelling. */
export function isFingerprint(s: string): boolean {
  return fingerprintHex(s)?.length === 64;
}

function trustedFingerprints(trustedCas: PeerPolicy["trustedCas"]): Set<string> {
  let roots = rootsByPolicy.get(trustedCas);
  if (!roots) {
    roots = new Set(
      trustedCas.map((ca) => (typeof ca === "string" ? new X509Certificate(ca) : ca).fingerprint256),
    );
    rootsByPolicy.set(trustedCas, roots);
  }
  return roots;
}

/** Examines what the socket's peer presented, or reuses what the same certificate showed lately. */
function presentedFacts(socket: TLSSocket, roots: Set<string>): CertFacts | null {
  // the leaf alone is cheap to read; getPeerX509Certificate() would be too, but calling it first
  // makes a later getPeerCertificate(true) lose the issuer chain (Node 20)
  const leaf = socket.getPeerCertificate(false);
  if (!leaf?.raw) return null;
  // the same leaf with the same TLS outcome was judged on the same chain
  const key = `${leaf.fingerprint256}|${socket.authorized}|${socket.authorizationError ?? ""}`;
  const now = Date.now();
  const known = factsByCert.get(key);
  if (known && known.roots === roots && now - known.at < FACTS_BY_CERT_MS) return known.facts;
  const facts = examine(socket.getPeerCertificate(true), roots);
  factsByCert.delete(key);
  factsByCert.set(key, { at: now, roots, facts });
  if (factsByCert.size > FACTS_BY_CERT_MAX) factsByCert.delete(factsByCert.keys().next().value as string);
  return facts;
}

function certFacts(socket: TLSSocket, roots: Set<string>): CertFacts | null {
  const cached = factsBySocket.get(socket);
  if (cached && cached.roots === roots) return cached.facts;
  const facts = presentedFacts(socket, roots);
  factsBySocket.set(socket, { roots, facts });
  return facts;
}

function judge(socket: TLSSocket, facts: CertFacts | null, pins: string[]): TlsInfo["clientCert"] {
  const authorized = socket.authorized;
  const authorizationError = socket.authorizationError ? String(socket.authorizationError) : null;
  // one shape for every verdict (fields in one order, no spread): records share a hidden class
  const verdict = (v: TlsInfo["clientCert"]["verdict"], reason: string): TlsInfo["clientCert"] => ({
    presented: facts !== null,
    verdict: v,
    reason,
    authorized,
    authorizationError,
    details: facts?.details ?? null,
  });
  if (!facts) return verdict("none", NO_CERT);
  const [first, ...rest] = facts.problems;
  if (pins.some((pin) => normalizeFingerprint(pin) === facts.details.fingerprint256)) {
    const note = first ? ` (TLS verification alone would not accept it: ${first[0]})` : "";
    return verdict("pinned", `its SHA-256 fingerprint is pinned for this endpoint${note}`);
  }
  if (authorized) return verdict("trusted", `issued by a trusted CA (${facts.trustedRoot ?? "?"})`);
  const also = rest.length > 0 ? ` Also: ${rest.map(([short]) => short).join("; ")}.` : "";
  const reason = first
    ? `${first[1]}.${also}`
    : `rejected by TLS verification (${authorizationError ?? "unknown error"}): check the certificate with openssl verify`;
  return verdict("untrusted", reason);
}

/**
 * Reads who is on the other end of a receiver socket, with the client-certificate verdict for `policy`.
 * Cheap per request: the answer is kept per socket and policy, certificate checks per certificate.
 * @example const peer = readPeer(c.env.incoming.socket, { trustedCas: certs.trustedCas, pins: endpoint.clientCert.pins });
 */
export function readPeer(socket: Socket, policy: PeerPolicy): Peer {
  // every request on a keep-alive connection under the same policy reads the same: one answer
  const known = peerBySocket.get(socket);
  if (known && known.pins === policy.pins && known.trustedCas === policy.trustedCas) return known.peer;
  const peer = examinePeer(socket, policy);
  peerBySocket.set(socket, { pins: policy.pins, trustedCas: policy.trustedCas, peer });
  return peer;
}

/** The last answer per socket, with the policy it was given for (answers are never changed). */
const peerBySocket = new WeakMap<Socket, { pins: string[]; trustedCas: object; peer: Peer }>();

function examinePeer(socket: Socket, policy: PeerPolicy): Peer {
  const remote = {
    address: (socket.remoteAddress ?? "").replace(/^::ffff:/, ""),
    port: socket.remotePort ?? 0,
  };
  if (!("encrypted" in socket) || !socket.encrypted) return { scheme: "http", remote, tls: null };
  const tlsSocket = socket as TLSSocket;
  const facts = certFacts(tlsSocket, trustedFingerprints(policy.trustedCas));
  const servername = (tlsSocket as TLSSocket & { servername?: string | false | null }).servername;
  return {
    scheme: "https",
    remote,
    tls: {
      protocol: tlsSocket.getProtocol() ?? null,
      cipher: tlsSocket.getCipher()?.name ?? null,
      servername: servername || null,
      clientCert: judge(tlsSocket, facts, policy.pins),
    },
  };
}
