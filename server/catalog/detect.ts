// Which registry and event a body is: declared by the body itself (DTR/Harbor `type`,
// CloudEvents `type`, distribution envelope), pinned by the URL, or guessed from its shape
// (Quay, Docker Hub; REPORT.md §2.9 and schemas-notes.md §6).
import type { Detection, RegistryId } from "../contract/index.ts";
import { DISTRIBUTION_MEDIA_TYPES } from "./schemas/distribution.ts";
import { HARBOR_CLOUDEVENT_TYPES } from "./schemas/harbor.ts";

export interface Detected {
  registry: RegistryId | null;
  event: string | null;
  detection: Detection;
  confidence: number | null;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const has = (o: Json, ...keys: string[]) => keys.every((k) => k in o);

const UNKNOWN: Detected = { registry: null, event: null, detection: "unknown", confidence: null };
const declared = (registry: RegistryId, event: string): Detected => ({
  registry,
  event,
  detection: "declared",
  confidence: 1,
});
const guessed = (registry: RegistryId, event: string, confidence: number): Detected => ({
  registry,
  event,
  detection: "guessed",
  confidence,
});

/** Detects from the body's content alone. */
export function detectByContent(body: unknown, contentType: string | null): Detected {
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!isObj(body)) return UNKNOWN;
  // distribution: { events: [{ action, target }] }, or its media type
  const events = body.events;
  if (Array.isArray(events) && isObj(events[0]) && typeof events[0].action === "string") {
    return DISTRIBUTION_MEDIA_TYPES.includes(mediaType) || isObj(events[0].target)
      ? declared("distribution", events[0].action)
      : UNKNOWN;
  }
  if (typeof body.type === "string") {
    if (typeof body.specversion === "string" && body.type.startsWith("harbor.")) {
      const event = HARBOR_CLOUDEVENT_TYPES[body.type];
      return event ? declared("harbor", event) : { ...declared("harbor", body.type) };
    }
    if (has(body, "occur_at") || has(body, "event_data")) return declared("harbor", body.type);
    if (has(body, "createdAt") || has(body, "contents")) return declared("dtr", body.type);
  }
  if (isObj(body.push_data) && isObj(body.repository)) return guessed("dockerhub", "push", 0.95);
  return guessQuay(body);
}

/** Quay bodies carry no event name: REPORT.md §2.9. */
function guessQuay(b: Json): Detected {
  if (has(b, "threshold_percent")) {
    const over = typeof b.usage_percent === "number" && b.usage_percent >= 100;
    return guessed("quay", over ? "quota_error" : "quota_warning", 0.6);
  }
  if (!has(b, "repository") || !has(b, "docker_url")) return UNKNOWN;
  if (has(b, "vulnerability")) return guessed("quay", "vulnerability_found", 0.9);
  if (has(b, "expiring_in")) return guessed("quay", "repo_image_expiry", 0.9);
  if (has(b, "updated_tags")) return guessed("quay", "repo_push", 0.9);
  if (has(b, "build_id", "repo", "is_manual")) return guessed("quay", "build_queued", 0.8);
  if (has(b, "build_id", "error_message")) return guessed("quay", "build_failure", 0.6);
  if (has(b, "build_id")) return guessed("quay", "build_start", 0.3);
  if (has(b, "message")) return guessed("quay", "repo_mirror_sync_started", 0.3);
  return UNKNOWN;
}

/** Checks the body's nesting before JSON.parse: deeper than `max` is not parsed at all. */
export function nestingDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash escapes the next char
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > max) return deepest;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}
