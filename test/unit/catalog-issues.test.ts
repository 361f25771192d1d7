// What a classification carries (repository, tag, digest, sender id, issues in words) and the
// catalog's detail view with the sender's delivery semantics.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createCatalog } from "../../server/core/catalog/index.ts";
import { isSuccess, SENDER_PROFILES } from "../../server/core/catalog/profiles.ts";

const FIXTURES = fileURLToPath(new URL("../../fixtures", import.meta.url));
const catalog = createCatalog();
const fixture = (path: string) => readFileSync(join(FIXTURES, path));
const json = (path: string) => JSON.parse(fixture(path).toString("utf8")) as Record<string, unknown>;
const classify = (body: string | Buffer, extra: Partial<Parameters<typeof catalog.classify>[0]> = {}) =>
  catalog.classify({ body: Buffer.isBuffer(body) ? body : Buffer.from(body), contentType: null, ...extra });

describe("what a classification carries", () => {
  it("extracts repository, tag, digest and the sender's own delivery id per registry", () => {
    const pick = (path: string, pinned?: { registry: string; event: string }) => {
      const c = classify(fixture(path), { pinned });
      return [c.repository, c.tag, c.digest, c.senderId];
    };
    const dist = json("distribution/push.manifest.json") as {
      events: { id: string; target: { digest: string } }[];
    };
    expect(pick("distribution/push.manifest.json")).toEqual([
      "team/app",
      "1.4.2",
      dist.events[0]?.target.digest,
      dist.events[0]?.id,
    ]);
    expect(pick("distribution/delete.tag.json")).toEqual([
      "team/app",
      "1.4.2",
      null,
      "1e5a9c3f-7b2d-4f8a-b6c0-4d8f2a6c0e35",
    ]);
    // Harbor's digest push puts the digest in `tag`: that is no tag
    const digest = "sha256:954b378c375d852eb3c63ab88978f640b4348b01c1b3456a024a81536dafbbf4";
    expect(pick("harbor/PUSH_ARTIFACT.cloudevents.json")).toEqual([
      "harbor/alpine",
      null,
      digest,
      "66e18103-09c1-41f6-982f-37df223f3eeb",
    ]);
    expect(pick("harbor/PUSH_ARTIFACT.tag-push.json")).toEqual(["harbor/alpine", "3.20", digest, null]);
    expect(pick("dtr/TAG_PUSH.real.json")).toEqual([
      "engineering/api",
      "1.4.2",
      "sha256:0afb7a8c4e3d1f2b6a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a",
      null,
    ]);
    expect(pick("dockerhub/push.observed-2021.json")).toEqual(["fireflyiii/core", "develop", null, null]);
    expect(pick("quay/repo_push.json", { registry: "quay", event: "repo_push" })).toEqual([
      "dgangaia/test",
      "latest",
      null,
      null,
    ]);
    expect(pick("quay/repo_push.legacy-quay-io-guide.json")).toEqual([
      "mynamespace/repository",
      "latest",
      null,
      null,
    ]);
    const newIndex = pick("quay/vulnerability_found.new-index.json");
    expect(newIndex.slice(1, 3)).toEqual([
      null,
      "sha256:3f1a2b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708",
    ]);
    expect(pick("quay/quota_warning.json", { registry: "quay", event: "quota_warning" })[0]).toBe(
      "sample_org",
    );
  });

  it("reports an issue with its pointer, keyword, words and the bounded offending value", () => {
    const body = { ...json("quay/repo_push.json"), updated_tags: "x".repeat(5000) };
    const [issue, ...rest] = classify(JSON.stringify(body), {
      pinned: { registry: "quay", event: "repo_push" },
    }).issues;
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ pointer: "/updated_tags", keyword: "anyOf" });
    expect(issue?.message).toBe("should be an array or an object, got a string");
    expect(String(issue?.value)).toHaveLength(201);
    const tag = classify(JSON.stringify({ ...body, updated_tags: ["ok", 7] }), {
      pinned: { registry: "quay", event: "repo_push" },
    });
    expect(tag.issues).toEqual([
      {
        pointer: "/updated_tags/1",
        keyword: "type",
        message: "should be a string, got an integer",
        value: 7,
      },
    ]);
  });

  it("escapes pointer tokens of keys holding / or ~", () => {
    const body = json("harbor/SCANNING_COMPLETED.json") as {
      event_data: { resources: Record<string, unknown>[] };
    };
    const overview = body.event_data.resources[0]?.scan_overview as Record<string, { duration: unknown }>;
    const mime = Object.keys(overview)[0] as string;
    (overview[mime] as { duration: unknown }).duration = "8s";
    const [issue] = classify(JSON.stringify(body)).issues;
    expect(issue?.pointer).toBe(
      `/event_data/resources/0/scan_overview/${mime.replace(/\//g, "~1")}/duration`,
    );
  });

  it("explains a rule-only requirement in its message", () => {
    const v1 = json("distribution/push.manifest.v1-envelope.json") as {
      events: { target: Record<string, unknown> }[];
    };
    delete v1.events[0]?.target.length;
    const [issue] = classify(JSON.stringify(v1)).issues;
    expect(issue?.pointer).toBe("/events/0/target/length");
    expect(issue?.message).toContain("size (registry v3) or length (registry 2.x)");
  });

  it("validates by id and answers null for an event it does not know", () => {
    expect(catalog.validate("dtr", "TAG_PUSH", json("dtr/TAG_PUSH.json"))).toEqual([]);
    expect(catalog.validate("dtr", "TAG_PUSH", {})?.length).toBeGreaterThan(0);
    expect(catalog.validate("dtr", "NOPE", {})).toBeNull();
  });
});

describe("the catalog detail", () => {
  it("serves a self-contained schema, the samples and the sender's semantics", () => {
    const detail = catalog.get("harbor", "PUSH_ARTIFACT");
    expect(detail?.label).toBe("Artifact pushed");
    expect(JSON.stringify(detail?.schema)).not.toContain('"$ref"');
    expect(Object.keys(detail?.sampleBodies ?? {})).toEqual(
      expect.arrayContaining(["default", "cloudevents"]),
    );
    expect(detail?.semantics).toBe(SENDER_PROFILES.harbor);
    expect(catalog.get("harbor", "NOPE")).toBeNull();
  });

  it("judges answers the way each sender does", () => {
    expect(isSuccess(SENDER_PROFILES.distribution, 302)).toBe(true);
    expect(isSuccess(SENDER_PROFILES.quay, 302)).toBe(false);
    expect(isSuccess(SENDER_PROFILES.harbor, 204)).toBe(true);
    expect(isSuccess(SENDER_PROFILES.distribution, 400)).toBe(false);
    expect(SENDER_PROFILES.dtr.source).toBe("measured-only");
    expect(SENDER_PROFILES.distribution.retry.attempts).toBeNull();
  });
});
