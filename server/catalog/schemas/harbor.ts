// Harbor (and MSR 4) webhooks (schemas-notes.md §4): the Default format and, since Harbor 2.8,
// CloudEvents; both map to the same event id (PUSH_ARTIFACT ...).
import { anyObject, bool, digest, int, obj, rfc3339, type Schema, str, unixSeconds } from "./common.ts";

export const HARBOR_CLOUDEVENT_TYPES: Record<string, string> = {
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

const repository = obj(
  { name: str, namespace: str, repo_full_name: str, repo_type: str },
  { date_created: int },
);
const artifact = obj({
  resources: { type: "array", minItems: 1, items: obj({ digest, tag: str, resource_url: str }) },
  repository,
});
const scan = obj(
  {
    resources: {
      type: "array",
      minItems: 1,
      items: obj(
        { digest, resource_url: str },
        { tag: str, scan_overview: anyObject, sbom_overview: anyObject },
      ),
    },
    repository,
  },
  { scan: obj({ scan_type: str }) },
);
const quota = obj({
  resources: { type: "array", items: obj({ digest }, { tag: str }) },
  repository,
  custom_attributes: obj({ Details: str }),
});
const endpoint = obj(
  { registry_type: str, endpoint: str },
  { registry_name: str, provider: str, namespace: str },
);
const replication = obj({
  replication: obj(
    {
      harbor_hostname: str,
      job_status: str,
      artifact_type: str,
      override_mode: bool,
      trigger_type: str,
      policy_creator: str,
      execution_timestamp: int,
      src_resource: endpoint,
      dest_resource: endpoint,
    },
    {
      description: str,
      authentication_type: str,
      successful_artifact: { type: "array" },
      failed_artifact: { type: "array" },
      execution_id: int,
      task_id: int,
    },
  ),
});
const retention = obj({
  retention: obj(
    { total: int, retained: int },
    {
      harbor_hostname: str,
      project_name: str,
      retention_policy_id: int,
      retention_rule: { type: "array" },
      result: str,
      deleted_artifact: { type: "array" },
    },
  ),
});

const DATA: Record<string, Schema> = {
  PUSH_ARTIFACT: artifact,
  PULL_ARTIFACT: artifact,
  DELETE_ARTIFACT: artifact,
  SCANNING_COMPLETED: scan,
  SCANNING_STOPPED: scan,
  SCANNING_FAILED: scan,
  QUOTA_EXCEED: quota,
  QUOTA_WARNING: quota,
  REPLICATION: replication,
  TAG_RETENTION: retention,
};

function either(type: string, data: Schema): Schema {
  const ceType = Object.keys(HARBOR_CLOUDEVENT_TYPES).find((k) => HARBOR_CLOUDEVENT_TYPES[k] === type);
  const defaultFormat = obj(
    { type: { const: type }, occur_at: unixSeconds, operator: str },
    { event_data: data },
  );
  const cloudEvent = obj(
    {
      specversion: { const: "1.0" },
      id: str,
      source: str,
      type: { const: ceType },
      datacontenttype: { const: "application/json" },
      time: rfc3339,
      data,
    },
    { requestid: str, operator: str },
  );
  // if/then keeps issue pointers precise (a oneOf would report both branches)
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keywords
  return { if: { type: "object", required: ["specversion"] }, then: cloudEvent, else: defaultFormat };
}

export const HARBOR_SCHEMAS: Record<string, Schema> = Object.fromEntries(
  Object.entries(DATA).map(([type, data]) => [type, either(type, data)]),
);
