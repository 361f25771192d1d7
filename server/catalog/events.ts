// The catalog's table of contents: which events each registry sends, in the order REPORT.md
// lists them, plus the wire names that map onto those ids (CloudEvents types, media types).
import type { RegistryId } from "../contract/index.ts";

/** Event ids per registry; each has a schema at schemas/<registry>/<event>.json. */
export const CATALOG_EVENTS: Record<RegistryId, readonly string[]> = {
  // REPORT.md §2.7: 11 repository events + 2 namespace events (Quay 3.18+)
  quay: [
    "repo_push",
    "build_queued",
    "build_start",
    "build_success",
    "build_failure",
    "build_cancelled",
    "vulnerability_found",
    "repo_mirror_sync_started",
    "repo_mirror_sync_success",
    "repo_mirror_sync_failed",
    "repo_image_expiry",
    "quota_warning",
    "quota_error",
  ],
  // REPORT.md §3.5: 19 type ids, plus REPO_EVENT from DTR <= 2.6
  dtr: [
    "TAG_PUSH",
    "TAG_PULL",
    "TAG_DELETE",
    "MANIFEST_PUSH",
    "MANIFEST_PULL",
    "MANIFEST_DELETE",
    "SCAN_COMPLETED",
    "SCAN_FAILED",
    "PROMOTION",
    "PUSH_MIRRORING",
    "POLL_MIRRORING",
    "REPO_CREATED",
    "REPO_UPDATED",
    "REPO_DELETED",
    "REPO_EVENT",
    "SCANNER_UPDATE_COMPLETED",
    "CHART_PUSH",
    "CHART_PULL",
    "CHART_DELETE",
    "CHART_LINTED",
  ],
  // REPORT.md §4.5: the event id is the action; the target tells manifest, blob, tag or repository
  distribution: ["push", "pull", "mount", "delete"],
  // REPORT.md §5.3: Default-format type ids; CloudEvents bodies map onto the same ids
  harbor: [
    "PUSH_ARTIFACT",
    "PULL_ARTIFACT",
    "DELETE_ARTIFACT",
    "SCANNING_COMPLETED",
    "SCANNING_STOPPED",
    "SCANNING_FAILED",
    "QUOTA_EXCEED",
    "QUOTA_WARNING",
    "REPLICATION",
    "TAG_RETENTION",
  ],
  dockerhub: ["push"],
};

/** Harbor CloudEvents `type` -> the Default-format event id (goharbor/harbor formats/cloudevents.go). */
export const HARBOR_CLOUDEVENT_TYPES: Readonly<Record<string, string>> = {
  "harbor.artifact.pushed": "PUSH_ARTIFACT",
  "harbor.artifact.pulled": "PULL_ARTIFACT",
  "harbor.artifact.deleted": "DELETE_ARTIFACT",
  "harbor.scan.completed": "SCANNING_COMPLETED",
  "harbor.scan.stopped": "SCANNING_STOPPED",
  "harbor.scan.failed": "SCANNING_FAILED",
  "harbor.quota.exceeded": "QUOTA_EXCEED",
  "harbor.quota.warned": "QUOTA_WARNING",
  "harbor.replication.status.changed": "REPLICATION",
  "harbor.tag_retention.finished": "TAG_RETENTION",
};

/** distribution's envelope media types: v1 from registry 2.x, v2 from v3.0 on (REPORT.md §4.1). */
export const DISTRIBUTION_MEDIA_TYPES: readonly string[] = [
  "application/vnd.docker.distribution.events.v1+json",
  "application/vnd.docker.distribution.events.v2+json",
];
