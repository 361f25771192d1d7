// Recognition between look-alike senders (GitLab/distribution, Alibaba/Docker Hub, Gitea/GitHub),
// header lookups that never reach prototype keys, and events inside envelopes (Pub/Sub,
// EventBridge, CloudEvents binary mode).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCatalog } from "../../server/cli/catalog.ts";
import { REGISTRY_IDS, REGISTRY_LABELS } from "../../server/contract/index.ts";
import { createCatalog } from "../../server/core/catalog/index.ts";
import { isSuccess, SENDER_PROFILES } from "../../server/core/catalog/profiles.ts";
import { SETUP_STEPS } from "../../server/core/catalog/setup-steps.ts";
import { readSample } from "../../server/send/samples.ts";
import { FIXTURES, wireHeaders } from "../helpers/wire.ts";

const catalog = createCatalog();
const read = (path: string) => readFileSync(join(FIXTURES, path));
const json = (path: string) => JSON.parse(read(path).toString("utf8")) as Record<string, unknown>;
const classify = (
  body: string | Buffer | object,
  headers: [string, string][] = [],
  contentType: string | null = "application/json",
) =>
  catalog.classify({
    body: Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
    contentType,
    headers,
  });
const pubSub = (data: string, extra: Record<string, unknown> = {}) => ({
  message: { data, messageId: "1", publishTime: "2021-02-26T19:13:55.749Z", ...extra },
  subscription: "projects/p/subscriptions/s",
});
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");

describe("telling look-alike senders apart", () => {
  it("keeps distribution bodies as distribution and takes GitLab's rename, user_type or meta as GitLab", () => {
    const v2 = "application/vnd.docker.distribution.events.v2+json";
    expect(classify(read("distribution/push.manifest.json"), [], v2)).toMatchObject({
      registry: "distribution",
      event: "push",
    });
    const gitlab = json("gitlab/push.manifest.json");
    const event = (gitlab.events as Record<string, unknown>[])[0] as Record<string, unknown>;
    delete event.meta;
    expect(classify(gitlab).registry).toBe("gitlab"); // actor.user_type alone says GitLab
    delete (event.actor as Record<string, unknown>).user_type;
    expect(classify(gitlab).registry).toBe("distribution"); // nothing GitLab-only is left
    expect(classify(read("gitlab/rename.json"))).toMatchObject({ registry: "gitlab", event: "rename" });
  });

  it("takes push_data without callback_url but with a region as Alibaba, not Docker Hub", () => {
    expect(classify(read("dockerhub/push.json")).registry).toBe("dockerhub");
    const legacyHub = json("dockerhub/push.json");
    delete legacyHub.callback_url;
    expect(classify(legacyHub)).toMatchObject({ registry: "dockerhub", detection: "guessed" });
    expect(classify(read("aliyun/push.json"))).toMatchObject({
      registry: "aliyun",
      event: "push",
      validity: "valid",
    });
  });

  it("takes Gitea's delivery as Gitea although it also sends X-GitHub-Event, and GitHub's as GitHub", () => {
    const gitea = classify(read("gitea/package_created.json"), wireHeaders("gitea", "package_created.json"));
    expect(gitea).toMatchObject({ registry: "gitea", event: "package.created", validity: "valid" });
    const forgejo = classify(read("gitea/package_created.json"), [
      ["X-GitHub-Event", "package"],
      ["X-Forgejo-Event", "package"],
    ]);
    expect(forgejo.registry).toBe("gitea");
    const github = classify(read("gitea/package_created.json"), [["x-github-event", "package"]]);
    expect(github).toMatchObject({ registry: "github", event: "package.created", validity: "unknown-event" });
  });

  it("guesses Nexus events from the payload key when X-Nexus-Webhook-ID is missing", () => {
    expect(classify(read("nexus/rm_repository_asset.json"))).toMatchObject({
      registry: "nexus",
      event: "rm:repository:asset",
      detection: "guessed",
      validity: "valid",
    });
  });
});

describe("header and key lookups keyed by input", () => {
  it("never takes a prototype key for a known name", () => {
    const odd = classify({ specversion: "1.0", type: "constructor", id: "1", source: "x" });
    expect(odd).toMatchObject({ registry: null, validity: "unknown-event" });
    const proto = classify({ domain: "__proto__", event_type: "toString", data: {} });
    expect(proto).toMatchObject({
      registry: "artifactory",
      event: "__proto__.toString",
      validity: "unknown-event",
    });
    const headers = classify("{}", [
      ["__proto__", "x"],
      ["constructor", "y"],
      ["Ce-Type", "toString"],
    ]);
    expect(headers.registry).toBeNull();
  });

  it("reads header names case-insensitively and the first of repeated headers", () => {
    const nexus = classify(read("nexus/rm_global_audit.json"), [
      ["x-NEXUS-webhook-id", "rm:global:audit"],
      ["X-Nexus-Webhook-ID", "rm:global:repository"],
    ]);
    expect(nexus).toMatchObject({ registry: "nexus", event: "rm:global:audit", detection: "declared" });
  });
});

describe("events inside envelopes", () => {
  it("decodes a Pub/Sub push, exposes the Artifact Registry message and points into it", () => {
    const ok = classify(read("gar/INSERT.tag.json"));
    expect(ok.envelope).toMatchObject({
      kind: "pubsub-push",
      pointer: "/message/data",
      inner: { action: "INSERT" },
    });
    const bad = classify(pubSub(b64({ action: "DELETE", tag: "no tag here" })));
    expect(bad).toMatchObject({ registry: "gar", event: "DELETE", validity: "invalid" });
    expect(bad.issues.map((i) => i.pointer)).toEqual(["/message/data/tag"]);
  });

  it("reports message.data that is not base64 JSON at /message/data, with envelope faults at their own pointers", () => {
    const notBase64 = classify({ message: { data: "%%%" }, subscription: "projects/p/subscriptions/s" });
    expect(notBase64).toMatchObject({ registry: "gar", validity: "invalid" });
    expect(notBase64.issues.map((i) => [i.pointer, i.keyword])).toEqual([
      ["/message/messageId", "required"],
      ["/message/publishTime", "required"],
      ["/message/data", "contentEncoding"],
    ]);
    const notJson = classify(pubSub(Buffer.from("not json").toString("base64")));
    expect(notJson.issues).toMatchObject([{ pointer: "/message/data", keyword: "contentMediaType" }]);
  });

  it("takes the unwrapped Artifact Registry message as a guess when no Pub/Sub headers came", () => {
    expect(classify(read("gar/INSERT.tag.unwrapped.json"))).toMatchObject({
      registry: "gar",
      event: "INSERT",
      detection: "guessed",
      validity: "valid",
    });
  });

  it("names Zot's event from Ce-Type whatever its prefix, and exposes the CloudEvents attributes", () => {
    const body = read("zot/image_deleted.json");
    const custom = classify(body, [
      ["Ce-Type", "acme.registry.image.deleted"],
      ["Ce-Source", "registry.acme.test"],
      ["Ce-Id", "e1"],
    ]);
    expect(custom).toMatchObject({
      registry: "zot",
      event: "image.deleted",
      detection: "guessed",
      senderId: "e1",
    });
    const zot = classify(body, wireHeaders("zot", "image_deleted.json"));
    expect(zot.envelope).toMatchObject({
      kind: "cloudevents-binary",
      attributes: { type: "zotregistry.image.deleted", source: "zotregistry.dev", specversion: "1.0" },
    });
  });

  it("knows EventBridge by its user agent, and leaves other AWS sources and reshaped bodies unnamed", () => {
    const agent: [string, string][] = [["User-Agent", "Amazon/EventBridge/ApiDestinations"]];
    const ecr = classify(read("ecr/ECR_Image_Scan.json"), agent);
    expect(ecr).toMatchObject({ registry: "ecr", event: "ECR Image Scan", validity: "valid" });
    expect(ecr.envelope).toMatchObject({ kind: "eventbridge", pointer: "/detail" });
    expect(classify({ repo: "x" }, agent)).toMatchObject({
      registry: "ecr",
      event: null,
      validity: "unknown-event",
    });
    expect(
      classify({ source: "aws.s3", "detail-type": "Object Created", detail: {} }, agent).registry,
    ).toBeNull();
  });

  it("recognises Chainguard by Ce-Source or its user agent and maps versioned types", () => {
    const body = read("chainguard/registry_pull.json");
    expect(classify(body, [["Ce-Type", "dev.chainguard.registry.pull.v1"]]).event).toBe("registry.pull");
    expect(classify(body, [["User-Agent", "Chainguard Enforce"]])).toMatchObject({
      registry: "chainguard",
      event: null,
    });
    expect(classify(body, [["Ce-Type", "dev.chainguard.registry.pull.v2"]]).event).toBe("registry.pull.v2");
  });
});

describe("the sixteen senders everywhere", () => {
  it("lists every registry in `quayside catalog`, with sender profiles and set-up steps", () => {
    const out = runCatalog({}).output;
    for (const id of REGISTRY_IDS) {
      expect(out, id).toContain(REGISTRY_LABELS[id]);
      expect(SENDER_PROFILES[id].registry).toBe(id);
      expect(SETUP_STEPS[id].length, id).toBeGreaterThan(1);
    }
    expect(out).toContain("nexus/rm:repository:component");
    expect(SETUP_STEPS.gitea.join(" ")).toContain("ALLOWED_HOST_LIST");
    expect(SETUP_STEPS.ecr.join(" ")).toContain("public");
  });

  it("finds samples of ids with colons, dots and spaces under their file stems", async () => {
    const nexus = await readSample("nexus", "rm:repository:component");
    expect(nexus.body.equals(read("nexus/rm_repository_component.json"))).toBe(true);
    expect((await readSample("ecr", "ECR Image Action", "push")).name).toBe("push");
    expect((await readSample("artifactory", "docker.pushed")).name).toBe("default");
    const entry = catalog.get("ecr", "ECR Image Action");
    expect(entry?.samples).toContain("update_storage_class.archive");
  });

  it("counts success the way Pub/Sub, Nexus and GitLab do", () => {
    expect([200, 202, 204, 102].map((s) => isSuccess(SENDER_PROFILES.gar, s))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([203, 206, 301].map((s) => isSuccess(SENDER_PROFILES.gar, s))).toEqual([false, false, false]);
    expect(isSuccess(SENDER_PROFILES.nexus, 101)).toBe(true);
    expect(isSuccess(SENDER_PROFILES.nexus, 300)).toBe(false);
    expect(isSuccess(SENDER_PROFILES.gitlab, 302)).toBe(true);
    expect(SENDER_PROFILES.gitlab.retry.attempts).toBe(11);
  });
});
