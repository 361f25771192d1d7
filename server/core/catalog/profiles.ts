// How each registry delivers webhooks (registry-events/REPORT.md): timeout, success codes,
// retry schedule, client-certificate habit, headers, and what users must be warned about.
import type { RegistryId, SenderProfile } from "../../contract/index.ts";
import { MORE_SENDER_PROFILES, PUBSUB_SUCCESS } from "./profiles-more.ts";

export const SENDER_PROFILES: Record<RegistryId, SenderProfile> = {
  quay: {
    registry: "quay",
    // REPORT §2.1: NOTIFICATION_SEND_TIMEOUT default 10 s; success = 2xx only.
    timeoutMs: 10_000,
    success: "2xx",
    retry: {
      // REPORT §2.3: at most 3 attempts per event while the notification has < 3 consecutive
      // failures; the queue item reappears 30 s after a failure, claimed within a 10 s poll.
      attempts: 3,
      intervalsMs: [35_000, 35_000],
      tolerance: 0.35,
      description: "up to 3 attempts, ~30–40 s apart (10 s timeout each)",
    },
    clientCert:
      "presents its own server certificate (conf/stack/ssl.cert) as client certificate on https URLs, often without the clientAuth usage",
    userAgent: "python-requests/2.32.3",
    // Quay spells the header with a lower-case "t" (REPORT §2.1).
    contentType: "application/json",
    warnings: [
      "Quay disables this notification after 3 consecutive failures: no further events are delivered until you reset it (repository Settings → Notifications, or POST /api/v1/repository/{ns}/{repo}/notification/{uuid}).",
      "Quay refuses localhost and 127.0.0.1 webhook URLs: use this machine's LAN name or address.",
      "Quay bodies carry no event name: pin the event in the URL, e.g. /hooks/<name>/quay/repo_push.",
      "Answers slower than 10 s count as failures.",
    ],
    source: "documented",
  },
  dtr: {
    registry: "dtr",
    timeoutMs: 10_000,
    success: "2xx",
    retry: {
      // REPORT §3.3: retry count, backoff, timeout and success criteria are not documented.
      attempts: null,
      intervalsMs: [],
      tolerance: 1,
      description: "not documented: Quayside measures what MSR/DTR does",
    },
    clientCert: "none (the webhook's tlsCert field makes it trust our server certificate)",
    userAgent: "Go-http-client/1.1",
    contentType: "application/json",
    warnings: ["MSR/DTR's retry behaviour is undocumented: the attempt timeline shows what it really does."],
    source: "measured-only",
  },
  distribution: {
    registry: "distribution",
    // REPORT §4.2: defaults timeout 1 s, threshold 10, backoff 1 s.
    timeoutMs: 1_000,
    success: "2xx-3xx",
    retry: {
      // Breaker: immediate retries while consecutive failures < threshold (10), then one per backoff.
      attempts: null,
      intervalsMs: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1_000],
      tolerance: 1,
      description:
        "retries forever: 10 quick attempts, then one per backoff (1 s by default), one event at a time",
    },
    clientCert: "none",
    userAgent: "Go-http-client/1.1",
    contentType: "application/vnd.docker.distribution.events.v2+json",
    warnings: [
      "distribution retries forever and holds every later event for this endpoint behind the failing one.",
      "distribution counts 3xx (after following redirects) as success, not only 2xx.",
      "The default timeout is 1 s: a forced delay above it looks like a failure to the registry.",
      "Queues are in memory: events pending when the registry restarts are lost.",
    ],
    source: "documented",
  },
  harbor: {
    registry: "harbor",
    // REPORT §5.1: 3 s HTTP client timeout; MaxFails 3; gocraft/work backoff fails^4 + 15 + rand(0..29)*(fails+1) s.
    timeoutMs: 3_000,
    success: "2xx",
    retry: {
      attempts: 3,
      intervalsMs: [45_000, 75_000],
      tolerance: 0.7,
      description: "3 attempts with growing random backoff (~16–74 s, then ~31–118 s); 3 s timeout",
    },
    clientCert: "none (optional static Authorization header from the policy)",
    userAgent: "Go-http-client/1.1",
    contentType: "application/json",
    warnings: [
      "Harbor gives up after 3 attempts (webhook_job_max_retry).",
      "Answers slower than 3 s count as failures.",
      "CloudEvents policies send Content-Type application/cloudevents+json.",
    ],
    source: "documented",
  },
  dockerhub: {
    registry: "dockerhub",
    timeoutMs: 10_000,
    success: "2xx",
    retry: {
      attempts: 1,
      intervalsMs: [],
      tolerance: 1,
      description: "not documented (Docker Hub shows delivery history per webhook)",
    },
    clientCert: "none",
    userAgent: "Go-http-client/1.1",
    contentType: "application/json",
    warnings: [
      "Docker Hub calls from the internet: it needs a public HTTPS URL with a publicly trusted certificate.",
    ],
    source: "measured-only",
  },
  ...MORE_SENDER_PROFILES,
};

/** Whether the sender counts `status` as delivered (distribution also accepts 3xx, Nexus 1xx). */
export function isSuccess(profile: Pick<SenderProfile, "success">, status: number): boolean {
  switch (profile.success) {
    case "2xx-3xx":
      return status >= 200 && status < 400;
    case "below-300":
      return status >= 100 && status < 300;
    case "pubsub":
      return PUBSUB_SUCCESS.has(status);
    default:
      return status >= 200 && status < 300;
  }
}

/**
 * Whether `status` ends the sender's retries without success (EventBridge: a 4xx other than 429,
 * or a 1xx/3xx). 0 stands for a reset or timeout, which every retrying sender retries.
 * @example isFinal(SENDER_PROFILES.ecr, 400) // true
 */
export function isFinal(profile: Pick<SenderProfile, "success" | "final">, status: number): boolean {
  if (profile.final !== "not-429-or-5xx" || status === 0 || isSuccess(profile, status)) return false;
  return status !== 429 && status < 500;
}
