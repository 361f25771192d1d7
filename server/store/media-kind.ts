// What a registry event is about when its body names a media type (distribution, GitLab and
// ACR in `target.mediaType`, Zot in `mediaType`, ECR in `detail.manifest-media-type`): a
// manifest, an index, a blob. Read once, when the summary is made.
import type { BodyPayload, MediaKind } from "../contract/index.ts";

/** How far into a body the media type is looked for: it comes first in every event's target. */
const LOOK_CHARS = 16_384;

/** `mediaType` (distribution, GitLab, ACR, Zot), `manifest-media-type` (ECR via EventBridge). */
const MEDIA_TYPE = /"(?:mediaType|manifest-media-type)"\s*:\s*"([^"]{1,200})"/;

/** Most specific first: "manifest.list" is an index, not a manifest. */
const KINDS: [RegExp, MediaKind][] = [
  [/manifest\.list|image\.index/, "index"],
  [/manifest/, "manifest"],
  [/config|container\.image\.v1/, "config"],
  [/octet-stream|rootfs|layer|\.tar/, "blob"],
  [/helm/, "chart"],
];

/**
 * The kind the first non-empty `mediaType` of a body names, or null.
 * @example mediaKind('{"events":[{"target":{"mediaType":"application/octet-stream"}}]}') // "blob"
 */
export function mediaKind(text: string): MediaKind | null {
  const type = MEDIA_TYPE.exec(text.slice(0, LOOK_CHARS))?.[1]?.toLowerCase();
  if (!type) return null;
  for (const [pattern, kind] of KINDS) if (pattern.test(type)) return kind;
  return null;
}

/** The media kind of a stored body (text only: a binary body names nothing). */
export function bodyKind(body: BodyPayload | undefined): MediaKind | null {
  return body && "text" in body ? mediaKind(body.text) : null;
}
