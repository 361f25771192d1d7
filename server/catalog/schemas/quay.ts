// Quay notification bodies (schemas-notes.md §1). Quay bodies name no event: the endpoint
// path pins it, else detect.ts guesses from the keys.
import { bool, int, nullableStr, num, obj, type Schema, str, strArray, tagName } from "./common.ts";

const base = { repository: str, namespace: str, name: str, docker_url: str, homepage: str };

const commitUser = obj({ username: str }, { url: str, avatar_url: str });
const triggerMetadata = obj(
  {},
  {
    commit: { type: "string", pattern: "^[A-Fa-f0-9]{7,}$" },
    commit_sha: str,
    git_url: str,
    ref: str,
    default_branch: str,
    parsed_ref: { type: "object" },
    // date is an ISO string in real events, an epoch number in test samples
    commit_info: obj(
      { message: str },
      {
        url: str,
        date: { type: ["string", "number"] },
        short_sha: str,
        author: commitUser,
        committer: commitUser,
      },
    ),
  },
);

const buildCommon = {
  ...base,
  build_id: str,
  build_name: str,
  docker_tags: strArray,
  trigger_id: nullableStr,
  trigger_kind: nullableStr,
  trigger_metadata: triggerMetadata,
};
const build = (extra: Record<string, Schema> = {}) =>
  obj(buildCommon, { image_id: str, manifest_digests: strArray, ...extra });

const quota = obj({
  namespace: str,
  homepage: str,
  threshold_percent: num,
  usage_bytes: num,
  limit_bytes: num,
  usage_percent: num,
  usage_bytes_formatted: str,
  limit_bytes_formatted: str,
});

const mirror = obj({ ...base, message: str });

export const QUAY_SCHEMAS: Record<string, Schema> = {
  repo_push: obj(
    {
      ...base,
      // real: one tag name per push; legacy quay.io (pre-2019): an object { tag: image id }
      updated_tags: {
        anyOf: [
          { type: "array", items: tagName, minItems: 1 },
          { type: "object", minProperties: 1 },
        ],
      },
    },
    { pruned_image_count: int, pushed_image_count: int, visibility: { enum: ["public", "private"] } },
  ),
  build_queued: obj(
    // repo and manual_user are in real events, not in the "Test Notification" body
    { ...base, build_id: str, docker_tags: strArray, is_manual: bool },
    {
      repo: str,
      manual_user: nullableStr,
      trigger_id: str,
      trigger_kind: str,
      trigger_metadata: triggerMetadata,
      trigger_manual: bool,
      build_name: str,
    },
  ),
  build_start: build(),
  build_success: build(),
  build_failure: build({ error_message: str }),
  build_cancelled: build(),
  vulnerability_found: obj(
    {
      ...base,
      tags: strArray,
      vulnerability: obj({ id: str, description: str, link: str, priority: str }, { has_fix: bool }),
    },
    { vulnerable_index_report_created: { const: "true" }, image: str, vulnerabilities: { type: "array" } },
  ),
  repo_mirror_sync_started: mirror,
  repo_mirror_sync_success: mirror,
  repo_mirror_sync_failed: mirror,
  repo_image_expiry: obj(
    { ...base, tags: strArray, expiring_in: { type: "string", pattern: "^(\\d+|None) days$" } },
    { notification_uuid: str },
  ),
  quota_warning: quota,
  quota_error: quota,
};
