// Checks a delivery's signature or shared secret against the endpoint's secret, over the raw
// request bytes (never a re-serialised body). Each registry signs its own way (REPORT.md of the
// more registries, "Signatures differ in algorithm, encoding and presence"):
//   GitHub       X-Hub-Signature-256: sha256=<hex HMAC-SHA256>
//   Gitea        X-Gitea-Signature (also X-Forgejo-/X-Gogs-Signature): <hex HMAC-SHA256>; sent EMPTY
//                when the hook has no secret, so an empty header means "unsigned", not "invalid"
//   Nexus        X-Nexus-Webhook-Signature: <hex HMAC-SHA1>
//   Artifactory  X-JFrog-Event-Auth: the secret itself, or <hex HMAC-SHA256> with payload signing on
//   the rest     a static header (Authorization by default) that must equal the secret
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

import type { SignatureCheck, SignatureSettings } from "../../contract/index.ts";

// the shapes live in the contract (the console shows them); re-exported for callers here
export type {
  SignatureCheck,
  SignatureMode,
  SignatureSettings,
  SignatureVerdict,
} from "../../contract/index.ts";

type Headers = ReadonlyMap<string, string>;

/** Equal in constant time whatever the lengths: both sides are hashed first. */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const digest = (v: string | Buffer) => createHash("sha256").update(v).digest();
  return timingSafeEqual(digest(a), digest(b));
}

const hmacHex = (algorithm: "sha1" | "sha256", secret: string, raw: Buffer) =>
  createHmac(algorithm, secret).update(raw).digest("hex");

function hmacCheck(
  scheme: string,
  presented: string,
  expected: string,
): Pick<SignatureCheck, "scheme" | "verdict" | "reason"> {
  return safeEqual(presented.trim().toLowerCase(), expected)
    ? { scheme, verdict: "valid", reason: "the signature matches the body and the endpoint's secret" }
    : {
        scheme,
        verdict: "invalid",
        reason: "the signature does not match: the body was changed, or the sender's secret differs",
      };
}

const GITEA_HEADERS = ["x-gitea-signature", "x-forgejo-signature", "x-gogs-signature"];

function checkGitea(h: Headers, secret: string, raw: Buffer): SignatureCheck | null {
  const name = GITEA_HEADERS.find((n) => h.has(n));
  if (!name) return null;
  const scheme = `Gitea HMAC-SHA256 (${name})`;
  const value = h.get(name) ?? "";
  if (value.trim() === "") {
    return {
      scheme,
      verdict: "unsigned",
      reason: "the sender has no secret set: its signature header is empty",
    };
  }
  return hmacCheck(scheme, value, hmacHex("sha256", secret, raw));
}

function checkGitHub(h: Headers, secret: string, raw: Buffer): SignatureCheck | null {
  const value = h.get("x-hub-signature-256");
  if (value === undefined) return null;
  const scheme = "GitHub HMAC-SHA256 (X-Hub-Signature-256)";
  if (value.trim() === "" || value.trim() === "sha256=") {
    return {
      scheme,
      verdict: "unsigned",
      reason: "the sender has no secret set: its signature header is empty",
    };
  }
  if (!value.startsWith("sha256=")) {
    return { scheme, verdict: "invalid", reason: 'the header does not start with "sha256="' };
  }
  return hmacCheck(scheme, value.slice(7), hmacHex("sha256", secret, raw));
}

function checkNexus(h: Headers, secret: string, raw: Buffer): SignatureCheck | null {
  const value = h.get("x-nexus-webhook-signature");
  if (value === undefined) return null;
  return hmacCheck("Nexus HMAC-SHA1 (X-Nexus-Webhook-Signature)", value, hmacHex("sha1", secret, raw));
}

function checkArtifactory(h: Headers, secret: string, raw: Buffer): SignatureCheck | null {
  const value = h.get("x-jfrog-event-auth");
  if (value === undefined) return null;
  if (safeEqual(value, secret)) {
    return {
      scheme: "Artifactory secret token (X-JFrog-Event-Auth)",
      verdict: "valid",
      reason: "the header carries the endpoint's secret itself (payload signing is off)",
    };
  }
  return hmacCheck("Artifactory HMAC-SHA256 (X-JFrog-Event-Auth)", value, hmacHex("sha256", secret, raw));
}

function checkStatic(h: Headers, settings: SignatureSettings): SignatureCheck {
  const name = (settings.header ?? "authorization").toLowerCase();
  const scheme = `static header (${name})`;
  const value = h.get(name);
  if (value === undefined) return { scheme, verdict: "missing", reason: `no ${name} header was sent` };
  return safeEqual(value, settings.secret)
    ? { scheme, verdict: "valid", reason: `the ${name} header equals the endpoint's secret` }
    : { scheme, verdict: "invalid", reason: `the ${name} header does not equal the endpoint's secret` };
}

/** Header names lower-cased; a repeated header keeps its first value. */
function headerMap(headers: readonly [string, string][]): Headers {
  const map = new Map<string, string>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    if (!map.has(key)) map.set(key, value);
  }
  return map;
}

/**
 * Checks a delivery against the endpoint's secret: the registry's own signature when it sent
 * one, else the static header. Null when the endpoint has no secret.
 * @example checkSignature([["x-hub-signature-256", "sha256=…"]], raw, { secret: "s3cret", mode: "report" })
 */
export function checkSignature(
  headers: readonly [string, string][],
  raw: Buffer,
  settings: SignatureSettings | null | undefined,
): SignatureCheck | null {
  if (!settings || settings.secret === "") return null;
  const h = headerMap(headers);
  const { secret } = settings;
  // Gitea first: it also sends GitHub's header (REPORT: "GitHub-compatible X-Hub-Signature-256")
  const found =
    checkGitea(h, secret, raw) ??
    checkGitHub(h, secret, raw) ??
    checkNexus(h, secret, raw) ??
    checkArtifactory(h, secret, raw);
  if (found) return found;
  const fallback = checkStatic(h, settings);
  if (fallback.verdict === "missing" && settings.header === undefined) {
    return {
      ...fallback,
      scheme: "signature",
      reason: "no signature header and no Authorization header was sent",
    };
  }
  return fallback;
}

/** The secret as the console and API show it: never in full. */
export function maskSecret(secret: string): string {
  // the last two characters help tell secrets apart, once the secret is long enough to spare them
  return secret.length >= 12 ? `••••••${secret.slice(-2)}` : "••••••";
}
