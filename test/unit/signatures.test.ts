// Signature and shared-secret checks per registry, over the raw bytes.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  checkSignature,
  maskSecret,
  type SignatureSettings,
  safeEqual,
} from "../../server/core/signatures/index.ts";

const SECRET = "It's a Secret to Everybody";
const RAW = Buffer.from('{"action":"published","package":{"name":"app"}}');
const TAMPERED = Buffer.from('{"action":"published","package":{"name":"evil"}}');
const report: SignatureSettings = { secret: SECRET, mode: "report" };
const hmac = (alg: "sha1" | "sha256", body: Buffer, key = SECRET) =>
  createHmac(alg, key).update(body).digest("hex");

describe("checkSignature", () => {
  it("is silent when the endpoint has no secret", () => {
    expect(checkSignature([["x-hub-signature-256", `sha256=${hmac("sha256", RAW)}`]], RAW, null)).toBeNull();
    expect(checkSignature([], RAW, { secret: "", mode: "require" })).toBeNull();
  });

  it("GitHub: sha256= HMAC-SHA256 valid, tampered body invalid, header missing", () => {
    const sig: [string, string][] = [["X-Hub-Signature-256", `sha256=${hmac("sha256", RAW)}`]];
    expect(checkSignature(sig, RAW, report)).toMatchObject({
      verdict: "valid",
      scheme: expect.stringMatching(/GitHub/),
    });
    expect(checkSignature(sig, TAMPERED, report)?.verdict).toBe("invalid");
    expect(checkSignature([["X-Hub-Signature-256", hmac("sha256", RAW)]], RAW, report)?.verdict).toBe(
      "invalid",
    );
    expect(checkSignature([["X-GitHub-Event", "package"]], RAW, report)?.verdict).toBe("missing");
  });

  it("Gitea: raw hex HMAC-SHA256 in X-Gitea-Signature wins over the GitHub header it also sends", () => {
    const headers: [string, string][] = [
      ["X-Gitea-Signature", hmac("sha256", RAW)],
      ["X-Hub-Signature-256", "sha256=0000"],
    ];
    expect(checkSignature(headers, RAW, report)).toMatchObject({
      verdict: "valid",
      scheme: expect.stringMatching(/Gitea/),
    });
    expect(checkSignature(headers, TAMPERED, report)?.verdict).toBe("invalid");
    expect(checkSignature([["X-Forgejo-Signature", hmac("sha256", RAW)]], RAW, report)?.verdict).toBe(
      "valid",
    );
  });

  it("Gitea without a secret sends empty headers: unsigned, not invalid", () => {
    const empty: [string, string][] = [
      ["X-Gitea-Signature", ""],
      ["X-Hub-Signature-256", "sha256="],
      ["X-Hub-Signature", "sha1="],
    ];
    expect(checkSignature(empty, RAW, report)).toMatchObject({
      verdict: "unsigned",
      reason: expect.stringMatching(/no secret/),
    });
  });

  it("Nexus: hex HMAC-SHA1", () => {
    const sig: [string, string][] = [["X-Nexus-Webhook-Signature", hmac("sha1", RAW)]];
    expect(checkSignature(sig, RAW, report)?.verdict).toBe("valid");
    expect(checkSignature(sig, TAMPERED, report)?.verdict).toBe("invalid");
    // an HMAC-SHA256 in the Nexus header is not Nexus' scheme
    expect(checkSignature([["X-Nexus-Webhook-Signature", hmac("sha256", RAW)]], RAW, report)?.verdict).toBe(
      "invalid",
    );
  });

  it("Artifactory: the secret itself or an HMAC-SHA256, and says which matched", () => {
    const token = checkSignature([["X-JFrog-Event-Auth", SECRET]], RAW, report);
    expect(token).toMatchObject({ verdict: "valid", scheme: expect.stringMatching(/secret token/) });
    const signed = checkSignature([["X-JFrog-Event-Auth", hmac("sha256", RAW)]], RAW, report);
    expect(signed).toMatchObject({ verdict: "valid", scheme: expect.stringMatching(/HMAC-SHA256/) });
    expect(checkSignature([["X-JFrog-Event-Auth", hmac("sha256", RAW)]], TAMPERED, report)?.verdict).toBe(
      "invalid",
    );
    expect(checkSignature([["X-JFrog-Event-Auth", "wrong"]], RAW, report)?.verdict).toBe("invalid");
  });

  it("static header: Authorization by default, or the header the endpoint names", () => {
    const basic = "Basic dXNlcjpwYXNz";
    expect(checkSignature([["Authorization", basic]], RAW, { secret: basic, mode: "require" })?.verdict).toBe(
      "valid",
    );
    expect(
      checkSignature([["Authorization", "Basic other"]], RAW, { secret: basic, mode: "require" })?.verdict,
    ).toBe("invalid");
    const custom: SignatureSettings = { secret: "tok", mode: "report", header: "X-Registry-Token" };
    expect(checkSignature([["x-registry-token", "tok"]], RAW, custom)?.verdict).toBe("valid");
    expect(checkSignature([["Authorization", "tok"]], RAW, custom)).toMatchObject({
      verdict: "missing",
      reason: "no x-registry-token header was sent",
    });
  });

  it("never puts the secret or the presented value in its words", () => {
    const results = [
      checkSignature([["X-JFrog-Event-Auth", "presented-value"]], RAW, report),
      checkSignature([["Authorization", "presented-value"]], RAW, report),
      checkSignature([["X-Hub-Signature-256", "sha256=presented-value"]], RAW, report),
    ];
    for (const r of results) expect(JSON.stringify(r)).not.toMatch(/presented-value|Secret to Everybody/);
  });
});

describe("helpers", () => {
  it("compares in constant time whatever the lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual(Buffer.from("x"), "x")).toBe(true);
  });

  it("masks a secret, showing at most its last two characters when it is long", () => {
    expect(maskSecret("short")).toBe("••••••");
    expect(maskSecret("a-long-enough-secret")).toBe("••••••et");
  });
});
