// How the later eleven senders deliver (registry-events/more/REPORT.md §1 items 3-5, 8 and each
// registry's section): timeout, success codes, retry schedule, headers and the warnings that matter.
import type { RegistryId, SenderProfile } from "../../contract/index.ts";

type MoreId = Exclude<RegistryId, "quay" | "dtr" | "distribution" | "harbor" | "dockerhub">;

const ONCE = (description: string): SenderProfile["retry"] => ({
  attempts: 1,
  intervalsMs: [],
  tolerance: 1,
  description,
});
const UNDOCUMENTED: SenderProfile["retry"] = {
  attempts: null,
  intervalsMs: [],
  tolerance: 1,
  description: "not documented: Quayside measures what the sender does",
};
const PUBLIC_URL =
  "calls from the internet: it needs a public HTTPS URL with a publicly trusted certificate (a tunnel or reverse proxy in front of Quayside).";

/**
 * EventBridge's schedule is not published beyond "exponential backoff and jitter, up to 24 h and 185
 * attempts" (§9.2): doubling from 1 s to 256 s, then ~490 s (the last wait repeats), which spends
 * the 185 attempts in about 24 h.
 */
const EVENTBRIDGE_BACKOFF_MS = [...Array.from({ length: 9 }, (_, i) => 1_000 * 2 ** i), 490_000];

/** GitLab's backoff: cenkalti/backoff v4, initial 1 s, ×1.5, ±50 % jitter, 10 retries (§7.1). */
const GITLAB_BACKOFF_MS = Array.from({ length: 10 }, (_, i) => Math.round(1_000 * 1.5 ** i));

export const MORE_SENDER_PROFILES: Record<MoreId, SenderProfile> = {
  acr: {
    registry: "acr",
    // §2.2: 5 s, not configurable (Microsoft staff); "only tried once" (Azure/acr #681)
    timeoutMs: 5_000,
    success: "2xx",
    retry: ONCE("a single attempt, no retry (5 s timeout)"),
    clientCert: "none (custom static headers such as Authorization are the only authentication)",
    // seen only by third parties (akuity/kargo); the docs say no headers are added
    userAgent: "AzureContainerRegistry/1.0",
    contentType: "application/json",
    warnings: [
      `ACR ${PUBLIC_URL}`,
      "ACR tries each event once: a failed delivery is lost (Event Grid is the reliable alternative).",
    ],
    source: "documented",
  },
  artifactory: {
    registry: "artifactory",
    // §3.2: timeout and retries are not documented; the delivery record has retries_attempted
    timeoutMs: 10_000,
    success: "2xx",
    retry: UNDOCUMENTED,
    clientCert: "none (X-JFrog-Event-Auth carries the secret, or a signature of the body)",
    userAgent: "Go-http-client/1.1",
    contentType: "application/json",
    warnings: [
      "Artifactory refuses private-network webhook URLs unless urlStrictPolicy is relaxed in system.yaml.",
      "Artifactory's retry behaviour is undocumented: the attempt timeline shows what it really does.",
    ],
    source: "measured-only",
  },
  nexus: {
    registry: "nexus",
    // §4.2: the global outbound HTTP client (System > HTTP: 20 s); status >= 300 = failed, no re-queue
    timeoutMs: 20_000,
    success: "below-300",
    retry: ONCE("one attempt per event (the HTTP client may retry I/O errors only)"),
    clientCert: "none (X-Nexus-Webhook-Signature: hex HMAC-SHA1 of the body when a secret is set)",
    userAgent: "Nexus/3.68.0-04 (OSS; Linux; 5.15.0; amd64; 17.0.11)",
    contentType: "application/json; charset=UTF-8",
    warnings: [
      "Nexus names the event only in the X-Nexus-Webhook-ID header.",
      "Nexus does not retry: a failed delivery is only logged.",
    ],
    source: "documented",
  },
  github: {
    registry: "github",
    // §5.2: 2xx within 10 s; no automatic redelivery (manual, within 3 days)
    timeoutMs: 10_000,
    success: "2xx",
    retry: ONCE("one attempt; redelivery is manual (UI or REST, within 3 days, same X-GitHub-Delivery)"),
    clientCert: "none (X-Hub-Signature-256: sha256=<HMAC-SHA256> when a secret is set)",
    userAgent: "GitHub-Hookshot/25c8cea",
    contentType: "application/json",
    warnings: [`GitHub.com ${PUBLIC_URL}`, "Answers slower than 10 s count as failures."],
    source: "documented",
  },
  gitea: {
    registry: "gitea",
    // §6.2: DELIVER_TIMEOUT 5 s; each hook task is delivered once
    timeoutMs: 5_000,
    success: "2xx",
    retry: ONCE("one attempt; redelivery is manual (Test delivery / Replay)"),
    clientCert: "none (X-Gitea-Signature HMAC-SHA256; empty when no secret is set)",
    userAgent: "Go-http-client/1.1",
    contentType: "application/json",
    warnings: [
      "Gitea/Forgejo refuse loopback and private webhook URLs unless [webhook] ALLOWED_HOST_LIST allows them.",
      "Gitea sends signature headers even without a secret: an empty X-Gitea-Signature means unsigned.",
    ],
    source: "documented",
  },
  gitlab: {
    registry: "gitlab",
    // §7.1: timeout 1 s; 2xx/3xx; maxretries 10 with exponential backoff, then the event is dropped
    timeoutMs: 1_000,
    success: "2xx-3xx",
    retry: {
      attempts: 11,
      intervalsMs: GITLAB_BACKOFF_MS,
      tolerance: 0.5,
      description: "1 attempt + 10 retries with exponential backoff (1 s ×1.5, ±50 %), ~2 min, then dropped",
    },
    clientCert: "none (static headers from notifications.endpoints[].headers)",
    userAgent: "Go-http-client/1.1",
    contentType: "application/vnd.docker.distribution.events.v1+json",
    warnings: [
      "The GitLab registry drops an event after 10 failed retries (about 2 minutes).",
      "The default timeout is 1 s: a forced delay above it looks like a failure to the registry.",
    ],
    source: "documented",
  },
  zot: {
    registry: "zot",
    // §8.2: timeout per sink, default 30 s; failures are only logged
    timeoutMs: 30_000,
    success: "2xx",
    retry: ONCE("one attempt, no retry"),
    clientCert: "can present a client certificate (sink TLS cert/key files): mutual TLS works end to end",
    userAgent: "Go-http-client/1.1",
    contentType: "application/json",
    warnings: ["Zot names the event only in the Ce-Type header (CloudEvents binary mode)."],
    source: "documented",
  },
  ecr: {
    registry: "ecr",
    // §9.2: 5 s; retried only on 429/5xx and timeouts, up to 24 h / 185 attempts, backoff with jitter
    timeoutMs: 5_000,
    success: "2xx",
    final: "not-429-or-5xx",
    retry: {
      attempts: 185,
      intervalsMs: EVENTBRIDGE_BACKOFF_MS,
      tolerance: 1,
      description:
        "retries 429, 5xx and timeouts with exponential backoff and jitter for up to 24 h (185 attempts); other answers are final",
    },
    clientCert: "none (Basic, an API-key header or OAuth client credentials from the connection)",
    userAgent: "Amazon/EventBridge/ApiDestinations",
    contentType: "application/json; charset=utf-8",
    warnings: [
      `EventBridge ${PUBLIC_URL}`,
      "A 4xx other than 429 is final for EventBridge: only 429 and 5xx are retried.",
    ],
    source: "documented",
  },
  gar: {
    registry: "gar",
    // §10.2: ack deadline 10 s by default; success only 102/200/201/202/204; redelivered until retention
    timeoutMs: 10_000,
    success: "pubsub",
    retry: {
      attempts: null,
      // exponential retry policy bounds: min 10 s, doubling, max 600 s (the last wait repeats)
      intervalsMs: [10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000],
      tolerance: 1,
      description: "redelivers every non-success (4xx too) with backoff until the message expires (7 days)",
    },
    clientCert: "none (optional OIDC bearer token signed by Google)",
    userAgent: "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)",
    contentType: "application/json",
    warnings: [
      `Pub/Sub ${PUBLIC_URL}`,
      "Pub/Sub counts only 102, 200, 201, 202 and 204 as success: a 203 or 206 is redelivered.",
    ],
    source: "documented",
  },
  aliyun: {
    registry: "aliyun",
    // §11: timeout, retries and success codes are not documented
    timeoutMs: 10_000,
    success: "2xx",
    retry: UNDOCUMENTED,
    clientCert: "none (no signature; a secret can only live in the URL)",
    userAgent: "Go-http-client/1.1",
    contentType: "application/json",
    warnings: [
      `Alibaba Cloud ${PUBLIC_URL} HTTPS works only on port 443.`,
      "Alibaba bodies name no event: every notification is a tag push.",
    ],
    source: "measured-only",
  },
  chainguard: {
    registry: "chainguard",
    // §12: retries and timeout are not documented
    timeoutMs: 10_000,
    success: "2xx",
    retry: UNDOCUMENTED,
    clientCert: "none (Authorization: Bearer <OIDC ID token> from issuer.enforce.dev)",
    userAgent: "Chainguard Enforce",
    contentType: "application/json",
    warnings: [
      `Chainguard ${PUBLIC_URL}`,
      "Pull events fire for every HEAD and GET of manifests and blobs: expect volume.",
    ],
    source: "measured-only",
  },
};

/** Pub/Sub push's success statuses (cloud.google.com/pubsub/docs/push). */
export const PUBSUB_SUCCESS: ReadonlySet<number> = new Set([102, 200, 201, 202, 204]);
