// Signed deliveries per registry scheme, as the signature tests send them: each case names a
// fixture, the headers to send for its bytes, and the verdict Quayside must store.
import { createHmac } from "node:crypto";

export const SECRET = "sig-test secret: correct horse";
export const STATIC_HEADER = "X-Registry-Token";

export const hmac = (alg: "sha1" | "sha256", raw: Buffer) =>
  createHmac(alg, SECRET).update(raw).digest("hex");

export type Pairs = [string, string][];

export interface Case {
  label: string;
  fixture: [dir: string, file: string];
  /** Headers to send for these bytes (the sidecar's, with the signature as this case wants it). */
  headers(raw: Buffer, wire: Pairs): Pairs;
  /** Send other bytes than were signed. */
  tamper?: boolean;
  verdict: "valid" | "invalid" | "missing" | "unsigned";
}

export const without = (wire: Pairs, names: RegExp) => wire.filter(([n]) => !names.test(n));
export const GITEA_SIGS = /^x-(gitea|gogs|hub)-signature/i;

export const CASES: Case[] = [
  {
    label: "GitHub X-Hub-Signature-256, valid",
    fixture: ["github", "package_published.json"],
    headers: (raw, wire) => [...wire, ["X-Hub-Signature-256", `sha256=${hmac("sha256", raw)}`]],
    verdict: "valid",
  },
  {
    label: "GitHub X-Hub-Signature-256, tampered body",
    fixture: ["github", "package_published.json"],
    headers: (raw, wire) => [...wire, ["X-Hub-Signature-256", `sha256=${hmac("sha256", raw)}`]],
    tamper: true,
    verdict: "invalid",
  },
  {
    label: "GitHub without its header",
    fixture: ["github", "package_published.json"],
    headers: (_raw, wire) => wire,
    verdict: "missing",
  },
  {
    label: "Gitea X-Gitea-Signature, valid",
    fixture: ["gitea", "package_created.json"],
    headers: (raw, wire) => [
      ...without(wire, GITEA_SIGS),
      ["X-Gitea-Signature", hmac("sha256", raw)],
      ["X-Hub-Signature-256", `sha256=${hmac("sha256", raw)}`],
    ],
    verdict: "valid",
  },
  {
    label: "Gitea X-Gitea-Signature, tampered body",
    fixture: ["gitea", "package_created.json"],
    headers: (raw, wire) => [...without(wire, GITEA_SIGS), ["X-Gitea-Signature", hmac("sha256", raw)]],
    tamper: true,
    verdict: "invalid",
  },
  {
    label: "Gitea with no secret set (its empty headers)",
    fixture: ["gitea", "package_created.json"],
    headers: (_raw, wire) => wire,
    verdict: "unsigned",
  },
  {
    label: "Gitea without its headers",
    fixture: ["gitea", "package_created.json"],
    headers: (_raw, wire) => without(wire, GITEA_SIGS),
    verdict: "missing",
  },
  {
    label: "Nexus X-Nexus-Webhook-Signature (HMAC-SHA1), valid",
    fixture: ["nexus", "rm_global_audit.json"],
    headers: (raw, wire) => [...wire, ["X-Nexus-Webhook-Signature", hmac("sha1", raw)]],
    verdict: "valid",
  },
  {
    label: "Nexus X-Nexus-Webhook-Signature, tampered body",
    fixture: ["nexus", "rm_global_audit.json"],
    headers: (raw, wire) => [...wire, ["X-Nexus-Webhook-Signature", hmac("sha1", raw)]],
    tamper: true,
    verdict: "invalid",
  },
  {
    label: "Nexus without its header",
    fixture: ["nexus", "rm_global_audit.json"],
    headers: (_raw, wire) => wire,
    verdict: "missing",
  },
  {
    label: "Artifactory X-JFrog-Event-Auth carrying the secret token",
    fixture: ["artifactory", "docker_pushed.json"],
    headers: (_raw, wire) => [...wire, ["X-JFrog-Event-Auth", SECRET]],
    verdict: "valid",
  },
  {
    label: "Artifactory X-JFrog-Event-Auth carrying an HMAC-SHA256 (payload signing)",
    fixture: ["artifactory", "docker_pushed.json"],
    headers: (raw, wire) => [...wire, ["X-JFrog-Event-Auth", hmac("sha256", raw)]],
    verdict: "valid",
  },
  {
    label: "Artifactory payload signing, tampered body",
    fixture: ["artifactory", "docker_pushed.json"],
    headers: (raw, wire) => [...wire, ["X-JFrog-Event-Auth", hmac("sha256", raw)]],
    tamper: true,
    verdict: "invalid",
  },
  {
    label: "Artifactory without its header",
    fixture: ["artifactory", "docker_pushed.json"],
    headers: (_raw, wire) => wire,
    verdict: "missing",
  },
];

/** A static header: its own endpoint, whose settings name the header. */
export const STATIC_CASES: Case[] = [
  {
    label: "static header equal to the secret",
    fixture: ["nexus", "rm_global_audit.json"],
    headers: (_raw, wire) => [...wire, [STATIC_HEADER, SECRET]],
    verdict: "valid",
  },
  {
    label: "static header with another value",
    fixture: ["nexus", "rm_global_audit.json"],
    headers: (_raw, wire) => [...wire, [STATIC_HEADER, `${SECRET}!`]],
    verdict: "invalid",
  },
  {
    label: "static header not sent",
    fixture: ["nexus", "rm_global_audit.json"],
    headers: (_raw, wire) => wire,
    verdict: "missing",
  },
];
