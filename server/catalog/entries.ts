// The event catalog: every (registry, event) with its label, description and schema.
import type { RegistryId } from "../contract/index.ts";
import type { Schema } from "./schemas/common.ts";
import { DISTRIBUTION_SCHEMAS } from "./schemas/distribution.ts";
import { DOCKERHUB_SCHEMAS } from "./schemas/dockerhub.ts";
import { DTR_SCHEMAS, DTR_SPECULATIVE } from "./schemas/dtr.ts";
import { HARBOR_SCHEMAS } from "./schemas/harbor.ts";
import { QUAY_SCHEMAS } from "./schemas/quay.ts";

export interface EventDef {
  registry: RegistryId;
  event: string;
  label: string;
  description: string;
  speculative: boolean;
  schema: Schema;
}

const LABELS: Record<string, string> = {
  "quay/repo_push": "Push to repository",
  "quay/build_queued": "Image build queued",
  "quay/build_start": "Image build started",
  "quay/build_success": "Image build succeeded",
  "quay/build_failure": "Image build failed",
  "quay/build_cancelled": "Image build cancelled",
  "quay/vulnerability_found": "Package vulnerability found",
  "quay/repo_mirror_sync_started": "Repository mirror started",
  "quay/repo_mirror_sync_success": "Repository mirror succeeded",
  "quay/repo_mirror_sync_failed": "Repository mirror failed",
  "quay/repo_image_expiry": "Image expiry trigger",
  "quay/quota_warning": "Namespace quota warning (Quay 3.18+)",
  "quay/quota_error": "Namespace quota exceeded (Quay 3.18+)",
  "dtr/TAG_PUSH": "Tag pushed to repository",
  "dtr/TAG_PULL": "Tag pulled from repository",
  "dtr/TAG_DELETE": "Tag deleted from repository",
  "dtr/MANIFEST_PUSH": "Manifest pushed to repository",
  "dtr/MANIFEST_PULL": "Manifest pulled from repository",
  "dtr/MANIFEST_DELETE": "Manifest deleted from repository",
  "dtr/SCAN_COMPLETED": "Security scan completed",
  "dtr/SCAN_FAILED": "Security scan failed",
  "dtr/PROMOTION": "Image promoted from repository",
  "dtr/PUSH_MIRRORING": "Image mirrored to a remote repository",
  "dtr/POLL_MIRRORING": "Image mirrored from a remote repository",
  "dtr/REPO_CREATED": "Repository created",
  "dtr/REPO_UPDATED": "Repository updated",
  "dtr/REPO_DELETED": "Repository deleted",
  "dtr/REPO_EVENT": "Repository event (older DTR)",
  "dtr/SCANNER_UPDATE_COMPLETED": "Vulnerability database updated",
  "dtr/CHART_PUSH": "Helm chart pushed (MSR 3)",
  "dtr/CHART_PULL": "Helm chart pulled (MSR 3)",
  "dtr/CHART_DELETE": "Helm chart deleted (MSR 3)",
  "dtr/CHART_LINTED": "Helm chart linting completed (MSR 3)",
  "distribution/push": "Manifest or blob pushed",
  "distribution/pull": "Manifest or blob pulled",
  "distribution/mount": "Blob mounted from another repository",
  "distribution/delete": "Manifest, blob, tag or repository deleted",
  "harbor/PUSH_ARTIFACT": "Artifact pushed",
  "harbor/PULL_ARTIFACT": "Artifact pulled",
  "harbor/DELETE_ARTIFACT": "Artifact deleted",
  "harbor/SCANNING_COMPLETED": "Scan completed",
  "harbor/SCANNING_STOPPED": "Scan stopped",
  "harbor/SCANNING_FAILED": "Scan failed",
  "harbor/QUOTA_EXCEED": "Quota exceeded",
  "harbor/QUOTA_WARNING": "Quota near its limit",
  "harbor/REPLICATION": "Replication status changed",
  "harbor/TAG_RETENTION": "Tag retention finished",
  "dockerhub/push": "Repository push",
};

const DESCRIPTIONS: Partial<Record<RegistryId, string>> = {
  quay: "Quay sends the repository base fields plus the event's own; the body names no event, so pin it in the URL (/hooks/<name>/quay/<event>).",
  dtr: "MSR/DTR wraps every event in { type, createdAt, contents, location }.",
  distribution:
    "The registry posts an envelope { events: [...] }; the event id is the action, the target's shape tells manifest, blob, tag or repository.",
  harbor:
    "Harbor sends its Default format ({ type, occur_at, operator, event_data }) or, per policy, CloudEvents 1.0.",
  dockerhub: "Docker Hub posts push_data and repository; the body names no event.",
};

function defs(
  registry: RegistryId,
  schemas: Record<string, Schema>,
  speculative: (e: string) => boolean = () => false,
): EventDef[] {
  return Object.entries(schemas).map(([event, schema]) => ({
    registry,
    event,
    label: LABELS[`${registry}/${event}`] ?? event,
    description:
      `${DESCRIPTIONS[registry] ?? ""}${speculative(event) ? " No public payload exists for this event: only the envelope is checked." : ""}`.trim(),
    speculative: speculative(event),
    schema,
  }));
}

export const EVENT_DEFS: EventDef[] = [
  ...defs("quay", QUAY_SCHEMAS),
  ...defs("dtr", DTR_SCHEMAS, (e) => DTR_SPECULATIVE.has(e)),
  ...defs("distribution", DISTRIBUTION_SCHEMAS),
  ...defs("harbor", HARBOR_SCHEMAS),
  ...defs("dockerhub", DOCKERHUB_SCHEMAS),
];
