// The headers a simulated delivery carries: the sender's User-Agent and Content-Type, then the
// sample's `.headers` sidecar (its wire facts: Nexus' event header, GitHub's and CloudEvents' ids),
// with delivery ids minted the way each sender mints them.
import { randomUUID } from "node:crypto";
import type { SenderProfile } from "../contract/index.ts";

/** Connection-level headers the HTTP client sets itself: a sample's copy would be wrong or refused. */
const HOP_BY_HOP = new Set([
  "host",
  "content-length",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "expect",
  "proxy-connection",
]);

/**
 * Ids the sender mints once per event: every retry (and GitHub's manual redelivery) repeats them,
 * but the next event gets a new one (more/REPORT.md §1 item 6). Gitea sends one UUID under four names.
 */
const PER_EVENT = new Set([
  "x-github-delivery",
  "x-gitea-delivery",
  "x-gogs-delivery",
  "x-forgejo-delivery",
  "ce-id",
]);
/** Ids minted per request: Nexus' X-Nexus-Webhook-Delivery is new on every attempt (§4.1). */
const PER_ATTEMPT = new Set(["x-nexus-webhook-delivery"]);

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `Name: value` lines of a sidecar; malformed lines and hop-by-hop headers are skipped. */
export function parseSidecar(text: string): [string, string][] {
  const headers: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (!TOKEN.test(name) || HOP_BY_HOP.has(name.toLowerCase()) || /[\0\r\n]/.test(value)) continue;
    headers.push([name, value]);
  }
  return headers;
}

export interface HeaderPlan {
  /** The headers of the next attempt (per-request ids are new each time). */
  forAttempt(): Record<string, string>;
}

/**
 * Headers for one simulated event: profile defaults, then the sample's, with fresh delivery ids.
 * @example planHeaders(profile, parseSidecar(text)).forAttempt(1)["x-github-delivery"] // a new UUID
 */
export function planHeaders(
  sender: Pick<SenderProfile, "userAgent" | "contentType">,
  sample: readonly [string, string][],
): HeaderPlan {
  // one fresh value per distinct sample value, so Gitea's four copies stay equal
  const eventIds = new Map<string, string>();
  const eventId = (value: string) => {
    const fresh = eventIds.get(value) ?? randomUUID();
    eventIds.set(value, fresh);
    return fresh;
  };
  const base: Record<string, string> = {
    "user-agent": sender.userAgent,
    "content-type": sender.contentType,
  };
  for (const [name, value] of sample) {
    const key = name.toLowerCase();
    base[key] = PER_EVENT.has(key) && value !== "" ? eventId(value) : value;
  }
  return {
    forAttempt() {
      const headers = { ...base };
      for (const key of Object.keys(headers)) {
        if (PER_ATTEMPT.has(key)) headers[key] = randomUUID();
      }
      return headers;
    },
  };
}
