// OIDC bearer tokens are decoded for display and never trusted.
import { describe, expect, it } from "vitest";
import { bearerClaims } from "../../server/core/signatures/oidc.ts";

const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
const jwt = (claims: unknown) =>
  `${part({ alg: "RS256", kid: "k1", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`;
const NOW = Date.parse("2026-12-04T12:00:00Z");

describe("bearerClaims", () => {
  it("decodes a Pub/Sub push token's issuer, audience, subject, email and expiry", () => {
    const token = jwt({
      iss: "https://accounts.google.com",
      aud: "https://hooks.example.test/hooks/gar",
      sub: "1234567890",
      email: "push@project.iam.gserviceaccount.com",
      exp: NOW / 1000 + 3600,
    });
    expect(bearerClaims([["Authorization", `Bearer ${token}`]], NOW)).toEqual({
      issuer: "https://accounts.google.com",
      audience: "https://hooks.example.test/hooks/gar",
      subject: "1234567890",
      email: "push@project.iam.gserviceaccount.com",
      expiresAt: "2026-12-04T13:00:00.000Z",
      expired: false,
      note: expect.stringMatching(/not checked/),
    });
  });

  it("says when the token had expired as the delivery arrived, and joins a list audience", () => {
    const token = jwt({
      iss: "https://issuer.enforce.dev",
      aud: ["a", "b"],
      sub: "webhook:x",
      exp: NOW / 1000 - 1,
    });
    expect(bearerClaims([["authorization", `Bearer ${token}`]], NOW)).toMatchObject({
      expired: true,
      audience: "a, b",
    });
  });

  it("is null for no header, Basic auth, a static token or a token that is not JSON", () => {
    expect(bearerClaims([], NOW)).toBeNull();
    expect(bearerClaims([["Authorization", "Basic dXNlcjpwYXNz"]], NOW)).toBeNull();
    expect(bearerClaims([["Authorization", "Bearer s3cret-token"]], NOW)).toBeNull();
    expect(bearerClaims([["Authorization", "Bearer aaaa.bbbb.cccc"]], NOW)).toBeNull();
    expect(bearerClaims([["Authorization", `Bearer ${part({})}.${part([1])}.x`]], NOW)).toBeNull();
  });
});
