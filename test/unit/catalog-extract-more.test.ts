// Repository, tag, digest and event id as the list shows them and the chain tracker ties retries
// by, for the later eleven senders: each field's source and its fallbacks, one body at a time
// (more/REPORT.md §1 item 6; more/schemas-notes.md §0 for Artifact Registry's image references).
import { describe, expect, it } from "vitest";
import { headerMap } from "../../server/core/catalog/detect-headers.ts";
import { type Extracted, MORE_EXTRACTORS } from "../../server/core/catalog/extract-more.ts";

const HEX = "a".repeat(64);
const DIGEST = `sha256:${HEX}`;
const none: Extracted = { repository: null, tag: null, digest: null, senderId: null };

type Registry = keyof typeof MORE_EXTRACTORS;
const extract = (registry: Registry, body: unknown, headers: [string, string][] = []) =>
  MORE_EXTRACTORS[registry](body as Record<string, unknown>, headerMap(headers));

/** A Pub/Sub push envelope around `value`, as Artifact Registry sends it. */
const pubsub = (value: unknown) => ({
  message: { data: Buffer.from(JSON.stringify(value)).toString("base64"), messageId: "m-1" },
  subscription: "projects/p/subscriptions/s",
});

describe("the later senders' fields", () => {
  it.each([
    // Artifactory: docker events name the image and tag; others only the repository key
    [
      "artifactory",
      {
        domain: "docker",
        data: { image_name: "team/app", tag: "1.0", repo_key: "docker-local", sha256: HEX },
      },
      { repository: "team/app", tag: "1.0", digest: DIGEST },
    ],
    [
      "artifactory",
      {
        domain: "artifact",
        data: { image_name: "team/app", tag: "1.0", repo_key: "libs", sha256: "not-hex" },
      },
      { repository: "libs", tag: null, digest: null },
    ],
    // Nexus: group/name for a component, the name alone, the repository when there is no name
    [
      "nexus",
      { component: { group: "team", name: "app", version: "2.0" } },
      { repository: "team/app", tag: "2.0" },
    ],
    ["nexus", { component: { name: "app", version: "2.0" } }, { repository: "app", tag: "2.0" }],
    ["nexus", { asset: { name: "app", version: "2.0" } }, { repository: "app", tag: null }],
    [
      "nexus",
      { repositoryName: "docker-hosted", component: { version: "2.0" } },
      { repository: "docker-hosted", tag: "2.0" },
    ],
    ["nexus", { repository: { name: "docker-proxy" } }, { repository: "docker-proxy" }],
    // ECR (EventBridge): image-tag, else the first of image-tags
    [
      "ecr",
      { id: "e-1", detail: { "repository-name": "app", "image-tag": "v1", "image-digest": DIGEST } },
      { repository: "app", tag: "v1", digest: DIGEST, senderId: "e-1" },
    ],
    [
      "ecr",
      { detail: { "repository-name": "app", "image-tags": ["v2", "latest"] } },
      { repository: "app", tag: "v2" },
    ],
  ] as [Registry, unknown, Partial<Extracted>][])("%s reads %j", (registry, body, fields) => {
    expect(extract(registry, body)).toEqual({ ...none, ...fields });
  });
});

describe("GitHub and Gitea packages", () => {
  const version = (v: string, tag?: { name: string; digest?: string }) => ({
    version: v,
    ...(tag ? { container_metadata: { tag } } : {}),
  });

  it.each([
    [
      { package: { name: "app", owner: { login: "team" }, package_version: version("1") } },
      { repository: "team/app" },
    ],
    [{ registry_package: { name: "app", package_version: version("1") } }, { repository: "app" }],
    [
      { package: { name: "app", package_version: version(DIGEST, { name: "v1", digest: "sha256:tagged" }) } },
      { repository: "app", tag: "v1", digest: "sha256:tagged" },
    ],
    [
      { package: { name: "app", package_version: version(DIGEST, { name: "" }) } },
      { repository: "app", digest: DIGEST },
    ],
    [{ package: { name: "app", package_version: version("1.0") } }, { repository: "app" }],
  ])("GitHub reads %j", (body, fields) => {
    expect(extract("github", body, [["X-GitHub-Delivery", "g-1"]])).toEqual({
      ...none,
      senderId: "g-1",
      ...fields,
    });
  });

  it.each([
    ["v1.2", { tag: "v1.2", digest: null }],
    [DIGEST, { tag: null, digest: DIGEST }],
    ["sha256+b64u:abc_DEF-1=", { tag: null, digest: "sha256+b64u:abc_DEF-1=" }],
    ["sha256:", { tag: "sha256:", digest: null }],
    ["Sha256:abc", { tag: "Sha256:abc", digest: null }],
    ["x/sha256:abc", { tag: "x/sha256:abc", digest: null }],
    ["sha256:ab/c", { tag: "sha256:ab/c", digest: null }],
  ])("Gitea reads version %s as a tag or a digest", (v, fields) => {
    const body = { package: { name: "app", owner: { login: "team" }, version: v } };
    expect(extract("gitea", body, [["X-Gitea-Delivery", "t-1"]])).toEqual({
      repository: "team/app",
      senderId: "t-1",
      ...fields,
    });
  });

  it("takes Forgejo's delivery header when Gitea's is missing", () => {
    expect(extract("gitea", { package: { name: "app" } }, [["X-Forgejo-Delivery", "f-1"]])).toEqual({
      ...none,
      repository: "app",
      senderId: "f-1",
    });
  });
});

describe("Zot and Artifact Registry references", () => {
  it("prefers Zot's digest field to a reference that is a digest", () => {
    const body = { name: "app", reference: DIGEST, digest: "sha256:other" };
    expect(extract("zot", body, [["Ce-Id", "z-1"]])).toEqual({
      repository: "app",
      tag: null,
      digest: "sha256:other",
      senderId: "z-1",
    });
  });

  it.each([
    [
      { digest: `us-docker.pkg.dev/p/r/app@${DIGEST}` },
      { repository: "us-docker.pkg.dev/p/r/app", digest: DIGEST },
    ],
    [{ tag: "localhost:5000/r/app:v1" }, { repository: "localhost:5000/r/app", tag: "v1" }],
    [{ tag: "localhost:5000/r/app" }, { repository: "localhost:5000/r/app" }],
    [{ tag: "@v1" }, { repository: "@v1" }],
    [
      { digest: `host/app@${DIGEST}`, tag: "host/app:v2" },
      { repository: "host/app", tag: "v2", digest: DIGEST },
    ],
  ])("Artifact Registry splits %j", (value, fields) => {
    expect(extract("gar", pubsub({ action: "INSERT", ...value }))).toEqual({
      ...none,
      senderId: "m-1",
      ...fields,
    });
  });

  it("reads an unwrapped Artifact Registry body with its id from the header", () => {
    const body = { action: "INSERT", tag: "host/app:v3" };
    expect(extract("gar", body, [["X-Goog-PubSub-Message-Id", "h-1"]])).toEqual({
      ...none,
      repository: "host/app",
      tag: "v3",
      senderId: "h-1",
    });
  });
});
