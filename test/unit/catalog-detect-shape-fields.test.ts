// Recognition from the body alone: each sender's shape, and the near misses one field short of
// it that must not be taken for that sender (more/schemas-notes.md §12, REPORT.md §2.9).
import { describe, expect, it } from "vitest";
import { detectByContent, guessQuay, UNKNOWN } from "../../server/core/catalog/detect.ts";
import { detectByShape } from "../../server/core/catalog/detect-shapes.ts";

const declared = (registry: string, event: string | null) => ({
  registry,
  event,
  detection: "declared",
  confidence: 1,
});
const guessed = (registry: string, event: string | null, confidence: number) => ({
  registry,
  event,
  detection: "guessed",
  confidence,
});
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");

describe("body shapes of the later senders", () => {
  it("tells GitLab from distribution by rename, actor.user_type, actor.user or meta", () => {
    const target = { repository: "group/app", tag: "v1" };
    expect(detectByShape({ events: [{ action: "rename", target }] })).toEqual(declared("gitlab", "rename"));
    expect(
      detectByShape({ events: [{ action: "push", target, actor: { user_type: "personal_access_token" } }] }),
    ).toEqual(declared("gitlab", "push"));
    expect(
      detectByShape({ events: [{ action: "push", target, actor: { name: "root", user: "root" } }] }),
    ).toEqual(declared("gitlab", "push"));
    expect(detectByShape({ events: [{ action: "push", target, actor: { name: "root" } }] })).toBeNull();
  });

  it("names ACR by action and target, but not a body that wraps events like distribution", () => {
    expect(detectByShape({ action: "chart_push", target: { repository: "app" } })).toEqual(
      declared("acr", "chart_push"),
    );
    expect(detectByShape({ action: "push", target: { repository: "app" }, events: [] })).toBeNull();
    expect(detectByShape({ action: "delete" })).toBeNull();
    expect(detectByShape({ action: "ping" })).toEqual(guessed("acr", "ping", 0.6));
  });

  it("needs domain, event_type and data to name Artifactory", () => {
    expect(detectByShape({ domain: "docker", event_type: "pushed", data: {} })).toEqual(
      declared("artifactory", "docker.pushed"),
    );
    expect(detectByShape({ domain: "docker", data: {} })).toBeNull();
    expect(detectByShape({ event_type: "pushed", data: {} })).toBeNull();
    expect(detectByShape({ domain: 5, event_type: "pushed", data: {} })).toBeNull();
  });

  it("names ECR by an EventBridge event from aws.ecr", () => {
    expect(detectByShape({ source: "aws.ecr", "detail-type": "ECR Image Scan", detail: {} })).toEqual(
      declared("ecr", "ECR Image Scan"),
    );
    expect(detectByShape({ source: "aws.s3", "detail-type": "Object Created", detail: {} })).toBeNull();
  });

  it("gives no Artifact Registry event for a Pub/Sub message with an empty action", () => {
    const push = (data: unknown) => ({ message: { data: b64(data), messageId: "1" }, subscription: "s" });
    expect(detectByShape(push({ action: "INSERT", digest: "d" }))).toEqual(declared("gar", "INSERT"));
    expect(detectByShape(push({ action: "" }))).toEqual(declared("gar", null));
  });

  it("tells Alibaba from Docker Hub by repository.region or repo_full_name", () => {
    const push_data = { tag: "v1" };
    expect(detectByShape({ push_data, repository: { region: "cn-hangzhou" } })).toEqual(
      declared("aliyun", "push"),
    );
    expect(detectByShape({ push_data, repository: { repo_full_name: "ns/app" } })).toEqual(
      declared("aliyun", "push"),
    );
    expect(detectByShape({ push_data, repository: { repo_name: "ns/app" } })).toBeNull();
    expect(
      detectByShape({ push_data, repository: { region: "cn-hangzhou" }, callback_url: "https://x" }),
    ).toBeNull();
  });

  it("guesses a bare Artifact Registry message by INSERT/DELETE with a digest or tag", () => {
    expect(detectByShape({ action: "DELETE", tag: "us-docker.pkg.dev/p/r/app:v1" })).toEqual(
      guessed("gar", "DELETE", 0.8),
    );
    expect(detectByShape({ action: "INSERT", digest: "us-docker.pkg.dev/p/r/app@sha256:ab" })).toEqual(
      guessed("gar", "INSERT", 0.8),
    );
    expect(detectByShape({ action: "INSERT" })).toBeNull();
    expect(detectByShape({ action: "INSERT", digest: 7 })).toBeNull();
    expect(detectByShape({ action: "UPDATE", digest: "d" })).toBeNull();
  });

  it("guesses a Chainguard push or pull without its CloudEvents headers", () => {
    const actor = { subject: "user" };
    expect(detectByShape({ actor, body: { repo_id: "r", tag: "v1" } })).toEqual(
      guessed("chainguard", "registry.push", 0.7),
    );
    expect(detectByShape({ actor, body: { repo_id: "r", method: "GET" } })).toEqual(
      guessed("chainguard", "registry.pull", 0.7),
    );
    expect(detectByShape({ actor, body: { tag: "v1" } })).toBeNull();
  });

  it("tells the Nexus event by its payload key when the header is missing", () => {
    const base = { nodeId: "n1", initiator: "admin/127.0.0.1" };
    expect(detectByShape({ ...base, component: {} })).toEqual(
      guessed("nexus", "rm:repository:component", 0.9),
    );
    expect(detectByShape({ ...base, components: [] })).toEqual(
      guessed("nexus", "rm:repository:component", 0.9),
    );
    expect(detectByShape({ ...base, asset: {} })).toEqual(guessed("nexus", "rm:repository:asset", 0.9));
    expect(detectByShape({ ...base, assets: [] })).toEqual(guessed("nexus", "rm:repository:asset", 0.9));
    expect(detectByShape({ ...base, audit: {} })).toEqual(guessed("nexus", "rm:global:audit", 0.9));
    expect(detectByShape({ ...base, repository: { name: "m" } })).toEqual(
      guessed("nexus", "rm:global:repository", 0.9),
    );
    expect(detectByShape({ ...base, repository: "m" })).toEqual(guessed("nexus", null, 0.5));
    expect(detectByShape({ nodeId: "n1", component: {} })).toBeNull();
  });
});

describe("body content of the first senders", () => {
  it("treats null and arrays as bodies of no sender", () => {
    expect(detectByContent(null, null)).toEqual(UNKNOWN);
    expect(detectByContent([{ events: [] }], null)).toEqual(UNKNOWN);
  });

  it("reads distribution's media type without its parameters and in any case", () => {
    const ct = "Application/vnd.docker.distribution.events.v1+json; charset=utf-8";
    expect(detectByContent({ events: [] }, ct)).toEqual(declared("distribution", null));
  });

  it("names Harbor by occur_at or event_data, MSR/DTR by createdAt or contents", () => {
    expect(detectByContent({ type: "PUSH_ARTIFACT", occur_at: 1 }, null)).toEqual(
      declared("harbor", "PUSH_ARTIFACT"),
    );
    expect(detectByContent({ type: "PUSH_ARTIFACT", event_data: {} }, null)).toEqual(
      declared("harbor", "PUSH_ARTIFACT"),
    );
    expect(detectByContent({ type: "TAG_PUSH", createdAt: "2019-05-15T19:39:40Z" }, null)).toEqual(
      declared("dtr", "TAG_PUSH"),
    );
    expect(detectByContent({ type: "TAG_PUSH", contents: {} }, null)).toEqual(declared("dtr", "TAG_PUSH"));
    expect(detectByContent({ type: "TAG_PUSH" }, null)).toEqual(UNKNOWN);
  });

  it("needs both push_data and repository for Docker Hub", () => {
    expect(detectByContent({ push_data: {}, repository: {} }, null)).toEqual(
      guessed("dockerhub", "push", 0.8),
    );
    expect(detectByContent({ push_data: {} }, null)).toEqual(UNKNOWN);
    expect(detectByContent({ repository: {}, callback_url: "https://x" }, null)).toEqual(UNKNOWN);
  });
});

describe("Quay guesses", () => {
  const repo = { repository: "ns/app", namespace: "ns", docker_url: "quay.lan/ns/app" };
  const quota = (usage_percent: unknown) =>
    guessQuay({ namespace: "ns", threshold_percent: 80, usage_percent });

  it("guesses a quota error from usage at or past 100 %, a warning below", () => {
    expect(quota(100)).toEqual(guessed("quay", "quota_error", 0.7));
    expect(quota(130)).toEqual(guessed("quay", "quota_error", 0.7));
    expect(quota(99.5)).toEqual(guessed("quay", "quota_warning", 0.6));
    expect(quota("150")).toEqual(guessed("quay", "quota_warning", 0.6));
  });

  it("needs repository, namespace and docker_url for the other events", () => {
    expect(guessQuay({ updated_tags: ["v1"], namespace: "ns", repository: "ns/app" })).toEqual(UNKNOWN);
  });

  it("tells build events apart by their keys", () => {
    const build = { ...repo, build_id: "b1" };
    expect(guessQuay({ ...build, error_message: "boom" })).toEqual(guessed("quay", "build_failure", 0.7));
    expect(guessQuay({ ...build, manifest_digests: [] })).toEqual(guessed("quay", "build_success", 0.6));
    expect(guessQuay(build)).toEqual(guessed("quay", "build_start", 0.35));
  });

  it("tells a started mirror sync from a failed one by its message", () => {
    expect(guessQuay({ ...repo, message: "Started sync" })).toEqual(
      guessed("quay", "repo_mirror_sync_started", 0.35),
    );
    expect(guessQuay({ ...repo, message: "Source registry location is not allowed" })).toEqual(
      guessed("quay", "repo_mirror_sync_failed", 0.6),
    );
  });
});
