// Which registry and event a parsed body is, from its content alone: declared by the body
// (MSR/DTR and Harbor `type`, CloudEvents `type`, distribution envelope, Docker Hub's unique
// shape) or guessed from its keys (Quay names no event: REPORT.md §2.9).
import type { Detection, RegistryId } from "../../contract/index.ts";
import { DISTRIBUTION_MEDIA_TYPES, HARBOR_CLOUDEVENT_TYPES } from "./events.ts";

export interface Detected {
  registry: RegistryId | null;
  event: string | null;
  detection: Detection;
  confidence: number | null;
}

export type Json = Record<string, unknown>;
export const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
/** Own keys only: a body's `constructor` or `__proto__` is never a key it has. */
export const has = (o: Json, ...keys: string[]) => keys.every((k) => Object.hasOwn(o, k));

export const UNKNOWN: Detected = { registry: null, event: null, detection: "unknown", confidence: null };
export const declared = (registry: RegistryId, event: string | null): Detected => ({
  registry,
  event,
  detection: "declared",
  confidence: 1,
});
export const guessed = (registry: RegistryId, event: string | null, confidence: number): Detected => ({
  registry,
  event,
  detection: "guessed",
  confidence,
});

/** The media type of a Content-Type header, lower-cased, without parameters. */
export const mediaTypeOf = (contentType: string | null) =>
  // Stryker disable next-line StringLiteral: a fallback is never a distribution media type, and [0] of a split always exists
  (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

/**
 * Detects from the body's content (and the Content-Type for distribution).
 * @example detectByContent({ type: "TAG_PUSH", createdAt: "...", contents: {} }, null) // dtr/TAG_PUSH, declared
 */
export function detectByContent(body: unknown, contentType: string | null): Detected {
  const distributionType = DISTRIBUTION_MEDIA_TYPES.includes(mediaTypeOf(contentType));
  if (!isObj(body)) return distributionType ? declared("distribution", null) : UNKNOWN;
  // distribution: { events: [{ action, target, ... }] }; the media type alone also declares it
  const first = Array.isArray(body.events) ? body.events[0] : undefined;
  if (isObj(first) && typeof first.action === "string" && (distributionType || has(first, "target"))) {
    return declared("distribution", first.action);
  }
  if (distributionType) return declared("distribution", null);
  if (typeof body.type === "string") {
    if (typeof body.specversion === "string") {
      // own keys only: "constructor" or "__proto__" must not resolve to Object's prototype
      const event = Object.hasOwn(HARBOR_CLOUDEVENT_TYPES, body.type)
        ? HARBOR_CLOUDEVENT_TYPES[body.type]
        : undefined;
      // a CloudEvent from Harbor with a type this catalog does not know keeps its own name
      if (event || body.type.startsWith("harbor.")) return declared("harbor", event ?? body.type);
      return UNKNOWN;
    }
    if (has(body, "occur_at") || has(body, "event_data")) return declared("harbor", body.type);
    if (has(body, "createdAt") || has(body, "contents")) return declared("dtr", body.type);
  }
  // Docker Hub's only event; callback_url is legacy, so its absence only lowers certainty
  if (isObj(body.push_data) && isObj(body.repository)) {
    return has(body, "callback_url") ? declared("dockerhub", "push") : guessed("dockerhub", "push", 0.8);
  }
  return guessQuay(body);
}

/** A failure message of the mirror worker (quay workers/repomirrorworker emit_log). */
const MIRROR_FAILED =
  /' with tag pattern '[^']*': |' job lost$|^Source registry location is not allowed|cancel/i;

/**
 * Quay bodies carry no event name; the keys hint at it (REPORT.md §2.9). Confidence says how
 * many events share the shape: build_start/success/cancelled and the mirror events look alike.
 */
export function guessQuay(b: Json): Detected {
  if (has(b, "threshold_percent", "namespace")) {
    // usage at or past the limit hints a Reject-type limit, but both events share the shape
    const over = typeof b.usage_percent === "number" && b.usage_percent >= 100;
    return guessed("quay", over ? "quota_error" : "quota_warning", over ? 0.7 : 0.6);
  }
  if (!has(b, "repository", "namespace", "docker_url")) return UNKNOWN;
  if (has(b, "updated_tags")) return guessed("quay", "repo_push", 0.95);
  if (has(b, "vulnerability")) return guessed("quay", "vulnerability_found", 0.95);
  if (has(b, "expiring_in")) return guessed("quay", "repo_image_expiry", 0.95);
  if (has(b, "build_id")) {
    if (has(b, "is_manual")) return guessed("quay", "build_queued", 0.85);
    if (has(b, "error_message")) return guessed("quay", "build_failure", 0.7);
    if (has(b, "manifest_digests")) return guessed("quay", "build_success", 0.6);
    return guessed("quay", "build_start", 0.35);
  }
  if (typeof b.message === "string") {
    return MIRROR_FAILED.test(b.message)
      ? guessed("quay", "repo_mirror_sync_failed", 0.6)
      : guessed("quay", "repo_mirror_sync_started", 0.35);
  }
  return UNKNOWN;
}
