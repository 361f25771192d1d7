// MSR / DTR 2.x-3.x webhook envelopes (schemas-notes.md §2): { type, createdAt, contents, location }.
// Events without a public payload (pulls, mirroring, charts) validate only the envelope.
import { anyObject, bool, digest, int, num, obj, rfc3339, type Schema, str } from "./common.ts";

const envelope = (type: string, contents: Schema): Schema =>
  obj({ type: { const: type }, createdAt: rfc3339, contents }, { location: str });

const tagFields = {
  namespace: str,
  repository: str,
  tag: str,
  digest,
  imageName: str,
  os: str,
  architecture: str,
  author: str,
};
const manifestFields = { namespace: str, repository: str, digest, imageName: str };
const repoData = obj(
  {},
  {
    id: str,
    namespace: str,
    namespaceType: str,
    name: str,
    shortDescription: str,
    longDescription: str,
    visibility: str,
    scanOnPush: bool,
    immutableTags: bool,
    enableManifestLists: bool,
    pulls: int,
    pushes: int,
    tagLimit: int,
  },
);
const repoEvent = obj(
  { namespace: str, repository: str },
  { event: { enum: ["REPO_CREATED", "REPO_UPDATED", "REPO_DELETED"] }, author: str, data: repoData },
);

/** Types whose contents are unknown (speculative samples): the envelope is all we check. */
export const DTR_SPECULATIVE = new Set([
  "TAG_PULL",
  "MANIFEST_PULL",
  "PUSH_MIRRORING",
  "POLL_MIRRORING",
  "CHART_PUSH",
  "CHART_PULL",
  "CHART_DELETE",
  "CHART_LINTED",
]);

export const DTR_SCHEMAS: Record<string, Schema> = {
  TAG_PUSH: envelope("TAG_PUSH", obj({ ...tagFields, pushedAt: rfc3339 })),
  TAG_DELETE: envelope("TAG_DELETE", obj({ ...tagFields, deletedAt: rfc3339 })),
  MANIFEST_PUSH: envelope(
    "MANIFEST_PUSH",
    obj(manifestFields, { os: str, architecture: str, author: str, pushedAt: rfc3339 }),
  ),
  MANIFEST_DELETE: envelope(
    "MANIFEST_DELETE",
    obj(manifestFields, { os: str, architecture: str, author: str, deletedAt: rfc3339 }),
  ),
  SCAN_COMPLETED: envelope(
    "SCAN_COMPLETED",
    obj(
      { namespace: str, repository: str, tag: str, imageName: str },
      {
        scanSummary: obj(
          {},
          {
            namespace: str,
            repository: str,
            reponame: str,
            tag: str,
            critical: num,
            major: num,
            minor: num,
            last_scan_status: num,
            check_completed_at: rfc3339,
            should_rescan: bool,
            has_foreign_layers: bool,
          },
        ),
      },
    ),
  ),
  SCAN_FAILED: envelope(
    "SCAN_FAILED",
    obj({ namespace: str, repository: str, tag: str, imageName: str }, { error: str }),
  ),
  PROMOTION: envelope(
    "PROMOTION",
    obj(
      {},
      {
        promotionPolicyID: str,
        digest,
        sourceRepository: str,
        sourceTag: str,
        targetRepository: str,
        targetTag: str,
        promotedAt: rfc3339,
      },
    ),
  ),
  REPO_CREATED: envelope("REPO_CREATED", repoEvent),
  REPO_UPDATED: envelope("REPO_UPDATED", repoEvent),
  REPO_DELETED: envelope("REPO_DELETED", repoEvent),
  REPO_EVENT: envelope("REPO_EVENT", repoEvent),
  SCANNER_UPDATE_COMPLETED: envelope(
    "SCANNER_UPDATE_COMPLETED",
    obj(
      {
        scanner_version: str,
        scanner_updated_at: rfc3339,
        db_version: num,
        db_updated_at: rfc3339,
        success: bool,
      },
      { replicas: { type: "object" } },
    ),
  ),
  ...Object.fromEntries([...DTR_SPECULATIVE].map((t) => [t, envelope(t, anyObject)])),
};
