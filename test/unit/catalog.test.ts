// The catalog table test: every fixture is recognised as its registry/event and valid; every
// invalid fixture fails at the pointer its name promises.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createCatalog } from "../../server/catalog/index.ts";
import { REGISTRY_IDS } from "../../server/contract/index.ts";

const FIXTURES = fileURLToPath(new URL("../../fixtures", import.meta.url));
const catalog = createCatalog();
const files = (dir: string) => readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith(".json"));
const contentTypeFor = (registry: string, file: string) =>
  registry === "distribution"
    ? "application/vnd.docker.distribution.events.v2+json"
    : file.includes("cloudevents")
      ? "application/cloudevents+json"
      : "application/json";

const valid = REGISTRY_IDS.flatMap((registry) => files(registry).map((file) => [registry, file] as const));
const invalid = REGISTRY_IDS.flatMap((registry) =>
  files(`invalid/${registry}`).map((file) => [registry, file] as const),
);

describe("event catalog", () => {
  it("covers every event the spec names", () => {
    const ids = catalog.list().map((e) => `${e.registry}/${e.event}`);
    expect(ids.filter((i) => i.startsWith("quay/"))).toHaveLength(13);
    expect(ids.filter((i) => i.startsWith("dtr/")).length).toBeGreaterThanOrEqual(19);
    expect(ids.filter((i) => i.startsWith("harbor/"))).toHaveLength(10);
    expect(ids.filter((i) => i.startsWith("distribution/")).sort()).toEqual(
      ["delete", "mount", "pull", "push"].map((e) => `distribution/${e}`),
    );
    expect(ids).toContain("dockerhub/push");
    // every event has at least one fixture
    for (const entry of catalog.list())
      expect(entry.samples.length, `${entry.registry}/${entry.event}`).toBeGreaterThan(0);
  });

  it.each(valid)("recognises %s/%s and finds it valid", (registry, file) => {
    const event = file.split(".")[0] as string;
    const result = catalog.classify({
      body: readFileSync(join(FIXTURES, registry, file)),
      contentType: contentTypeFor(registry, file),
      // Quay bodies name no event: the URL pins it
      pinned: registry === "quay" ? { registry, event } : null,
    });
    expect({
      registry: result.registry,
      event: result.event,
      validity: result.validity,
      issues: result.issues,
    }).toEqual({
      registry,
      event,
      validity: "valid",
      issues: [],
    });
    expect(result.detection).toBe(
      registry === "quay" ? "pinned" : registry === "dockerhub" ? "guessed" : "declared",
    );
  });

  it.each(invalid)("rejects invalid/%s/%s at the pointer its name states", (registry, file) => {
    const [event, encoded] = file.split(".") as [string, string];
    const pointer = encoded.replace(/~/g, "/");
    const result = catalog.classify({
      body: readFileSync(join(FIXTURES, "invalid", registry, file)),
      contentType: "application/json",
      pinned: registry === "quay" ? { registry, event } : null,
    });
    expect(result.event).toBe(event);
    expect(result.validity).toBe("invalid");
    expect(result.issues.map((i) => i.pointer)).toContain(pointer);
  });

  it("guesses Quay events from their shape and says so", () => {
    const push = catalog.classify({
      body: readFileSync(join(FIXTURES, "quay/repo_push.json")),
      contentType: "application/json",
    });
    expect(push).toMatchObject({
      registry: "quay",
      event: "repo_push",
      detection: "guessed",
      validity: "valid",
    });
    expect(push.confidence).toBeGreaterThan(0.5);
    const vuln = catalog.classify({
      body: readFileSync(join(FIXTURES, "quay/vulnerability_found.json")),
      contentType: null,
    });
    expect(vuln.event).toBe("vulnerability_found");
  });

  it("lets a self-describing body win over a wrong pin, and a pin decide for Quay", () => {
    const harbor = catalog.classify({
      body: readFileSync(join(FIXTURES, "harbor/PUSH_ARTIFACT.json")),
      contentType: "application/json",
      pinned: { registry: "quay", event: "repo_push" },
    });
    expect(harbor).toMatchObject({ registry: "harbor", event: "PUSH_ARTIFACT", detection: "declared" });
    const unknownPin = catalog.classify({
      body: Buffer.from('{"a":1}'),
      contentType: null,
      pinned: { registry: "quay", event: "nope" },
    });
    expect(unknownPin).toMatchObject({
      registry: "quay",
      event: "nope",
      detection: "pinned",
      validity: "unknown-event",
    });
  });

  it("treats unknown shapes, bad JSON and depth bombs as facts, never errors", () => {
    expect(catalog.classify({ body: Buffer.from('{"hello":"world"}'), contentType: null })).toMatchObject({
      registry: null,
      detection: "unknown",
      validity: "unknown-event",
    });
    const bad = catalog.classify({ body: Buffer.from('{"a":'), contentType: null });
    expect(bad.validity).toBe("not-json");
    expect(bad.issues[0]?.message).toMatch(/not valid JSON/);
    const deep = catalog.classify({
      body: Buffer.from(`${"[".repeat(100_000)}${"]".repeat(100_000)}`),
      contentType: null,
    });
    expect(deep.validity).toBe("not-json");
    expect(deep.issues[0]?.keyword).toBe("depth");
    // brackets inside strings do not count
    expect(
      catalog.classify({ body: Buffer.from(JSON.stringify({ s: "[".repeat(500) })), contentType: null })
        .validity,
    ).toBe("unknown-event");
  });

  it("pulls repository, tag, digest and the sender's delivery id out for the list and chains", () => {
    const dist = catalog.classify({
      body: readFileSync(join(FIXTURES, "distribution/push.manifest.json")),
      contentType: null,
    });
    expect(dist.repository).toBe("team/app");
    expect(dist.digest).toMatch(/^sha256:/);
    expect(dist.senderId).toBe("9a1f5e2c-3b7d-4c8e-a6f0-2d4b6c8e0a13");
    const ce = catalog.classify({
      body: readFileSync(join(FIXTURES, "harbor/PUSH_ARTIFACT.cloudevents.json")),
      contentType: null,
    });
    expect(ce.senderId).toBe("66e18103-09c1-41f6-982f-37df223f3eeb");
    expect(ce.repository).toContain("/");
    const dtr = catalog.classify({
      body: readFileSync(join(FIXTURES, "dtr/TAG_PUSH.json")),
      contentType: null,
    });
    expect(dtr.tag).toBeTruthy();
    expect(dtr.repository).toContain("/");
  });

  it("bounds the offending value it reports", () => {
    const body = JSON.stringify({
      ...JSON.parse(readFileSync(join(FIXTURES, "quay/repo_push.json"), "utf8")),
      updated_tags: "x".repeat(5000),
    });
    const result = catalog.classify({
      body: Buffer.from(body),
      contentType: null,
      pinned: { registry: "quay", event: "repo_push" },
    });
    expect(String(result.issues[0]?.value).length).toBeLessThanOrEqual(201);
  });
});
