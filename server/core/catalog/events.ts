// The catalog's table of contents: which events each registry sends, in the order REPORT.md
// (and more/REPORT.md for the later eleven) lists them, plus the wire names that map onto those
// ids (CloudEvents types, media types) and the file name each id is stored under.
import type { RegistryId } from "../../contract/index.ts";

/** Event ids per registry; each has a schema at schemas/<registry>/<eventFileStem(event)>.json. */
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
  // more/REPORT.md §2.3: the body's `action`; ping is the portal's test delivery
  acr: ["push", "delete", "chart_push", "chart_delete", "quarantine", "ping"],
  // §3.4: `<domain>.<event_type>`; other domains are recognised but not catalogued
  artifactory: [
    "docker.pushed",
    "docker.deleted",
    "docker.promoted",
    "artifact.deployed",
    "artifact.deleted",
    "artifact.moved",
    "artifact.copied",
  ],
  // §4.3: the X-Nexus-Webhook-ID header value
  nexus: ["rm:repository:component", "rm:repository:asset", "rm:global:repository", "rm:global:audit"],
  // §5.3: `<X-GitHub-Event>.<action>`
  github: ["package.published", "package.updated", "registry_package.published", "registry_package.updated"],
  // §6.3: `<X-Gitea-Event>.<action>`
  gitea: ["package.created", "package.deleted"],
  // §7.2: distribution's actions plus rename
  gitlab: ["push", "pull", "mount", "delete", "rename"],
  // §8.3: Ce-Type after its (configurable) prefix
  zot: ["repository.created", "image.updated", "image.deleted", "image.lint_failed", "image.scanned"],
  // §9.3: the EventBridge detail-type
  ecr: [
    "ECR Image Action",
    "ECR Image Scan",
    "ECR Scan Resource Change",
    "ECR Pull Through Cache Action",
    "ECR Referrer Action",
    "ECR Replication Action",
  ],
  // §10.3: `action` of the Artifact Registry message inside the Pub/Sub envelope
  gar: ["INSERT", "DELETE"],
  // §11: one event, named nowhere on the wire
  aliyun: ["push"],
  // §12: Ce-Type without "dev.chainguard." and its version suffix
  chainguard: ["registry.push", "registry.pull"],
};

/**
 * The file name (without .json) of an event's schema and samples: characters other than
 * letters, digits, `_` and `-` become `_` (`rm:repository:component` -> `rm_repository_component`,
 * `ECR Image Action` -> `ECR_Image_Action`), so a sample's file name still splits at its first dot
 * into event and variant. loadSchemas refuses two events of one registry sharing a stem.
 */
export const eventFileStem = (event: string) => event.replace(/[^A-Za-z0-9_-]/g, "_");

/** Zot's Ce-Type without its prefix (default "zotregistry", configurable as typePrefix). */
export const ZOT_EVENT_SUFFIXES: readonly string[] = CATALOG_EVENTS.zot;

/** Chainguard Ce-Type -> event id; other Chainguard types keep their name without the prefix. */
export const CHAINGUARD_TYPES: ReadonlyMap<string, string> = new Map([
  ["dev.chainguard.registry.push.v1", "registry.push"],
  ["dev.chainguard.registry.pull.v1", "registry.pull"],
]);

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
