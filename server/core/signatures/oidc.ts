// OIDC bearer tokens (Pub/Sub push subscriptions, Chainguard): the claims that say who sent a
// delivery, decoded for display. Their signatures need the issuer's published keys, which this
// offline tool does not fetch: the token is shown, never trusted.

import type { BearerClaims } from "../../contract/index.ts";

export type { BearerClaims } from "../../contract/index.ts";

const MAX_TOKEN = 8192;
const NOTE = "the token's signature is not checked: that needs the issuer's keys, fetched online";

function decodePart(part: string | undefined): Record<string, unknown> | null {
  if (!part) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const text = (v: unknown): string | null => (typeof v === "string" ? v.slice(0, 300) : null);

/**
 * The claims of an `Authorization: Bearer <JWT>` header, or null when there is none or it is not a JWT.
 * @example bearerClaims([["authorization", "Bearer eyJ…"]], Date.now())?.issuer // "https://accounts.google.com"
 */
export function bearerClaims(headers: readonly [string, string][], receivedMs: number): BearerClaims | null {
  const auth = headers.find(([name]) => name.toLowerCase() === "authorization")?.[1] ?? "";
  const match = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/.exec(auth.trim());
  if (!match || auth.length > MAX_TOKEN) return null;
  const header = decodePart(match[1]);
  const claims = decodePart(match[2]);
  if (!header || !claims) return null;
  const aud = Array.isArray(claims.aud)
    ? claims.aud.filter((a) => typeof a === "string").join(", ")
    : text(claims.aud);
  const exp = typeof claims.exp === "number" && Number.isFinite(claims.exp) ? claims.exp * 1000 : null;
  return {
    issuer: text(claims.iss),
    audience: aud || null,
    subject: text(claims.sub),
    email: text(claims.email),
    expiresAt: exp !== null && Math.abs(exp) < 8.64e15 ? new Date(exp).toISOString() : null,
    expired: exp !== null && exp < receivedMs,
    note: NOTE,
  };
}
