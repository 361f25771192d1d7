// The catalog table test: every fixture, with the headers its sidecar lists, is recognised as its
// registry/event and valid; every invalid fixture fails at exactly the pointer its name promises.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { REGISTRY_IDS } from "../../server/contract/index.ts";
import { CATALOG_EVENTS, eventFileStem } from "../../server/core/catalog/events.ts";
import { createCatalog } from "../../server/core/catalog/index.ts";
import { contentTypeOf, eventOfFile, wireHeaders } from "../helpers/wire.ts";

const FIXTURES = fileURLToPath(new URL("../../fixtures", import.meta.url));
const SCHEMAS = fileURLToPath(new URL("../../server/core/catalog/schemas", import.meta.url));
const catalog = createCatalog();
const jsonFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".json"));
const read = (...path: string[]) => readFileSync(join(FIXTURES, ...path));

/** The Content-Type each registry sends with this fixture (REPORT.md §4.1, §5.1, or its sidecar). */
function contentTypeFor(registry: string, file: string, dir = registry): string {
  const sidecar = contentTypeOf(wireHeaders(dir, file));
  if (sidecar) return sidecar;
  if (registry === "distribution") {
    const v1 = file.includes("v1-envelope") || file.includes("registry-2") || file.includes("envelope-multi");
    return `application/vnd.docker.distribution.events.${v1 ? "v1" : "v2"}+json`;
  }
  return file.includes("cloudevents") ? "application/cloudevents+json" : "application/json";
}

const valid = REGISTRY_IDS.flatMap((registry) =>
  jsonFiles(join(FIXTURES, registry)).map((file) => [registry, file] as const),
);
const invalid = REGISTRY_IDS.flatMap((registry) =>
  jsonFiles(join(FIXTURES, "invalid", registry)).map((file) => [registry, file] as const),
);
/** Fixtures whose body and headers leave the sender a guess (the ACR ping body is undocumented). */
const GUESSED = new Set(["acr/ping.json"]);

describe("the event catalog", () => {
  it("lists every event REPORT.md names, each with a schema file and no stray schema", () => {
    const ids = catalog.list().map((e) => `${e.registry}/${e.event}`);
    const count = (r: string) => ids.filter((i) => i.startsWith(`${r}/`)).length;
    expect(REGISTRY_IDS.map(count)).toEqual([13, 20, 4, 10, 1, 6, 7, 4, 4, 2, 5, 5, 6, 2, 1, 2]);
    expect(ids).toContain("dtr/REPO_EVENT");
    expect(ids).toContain("dtr/CHART_LINTED");
    // ids stay the registry's own; only the file names are made safe
    expect(ids).toContain("nexus/rm:repository:component");
    expect(ids).toContain("ecr/ECR Image Action");
    for (const registry of REGISTRY_IDS) {
      const files = jsonFiles(join(SCHEMAS, registry)).filter((f) => !f.startsWith("_"));
      expect(files.map((f) => f.slice(0, -5)).sort(), registry).toEqual(
        CATALOG_EVENTS[registry].map(eventFileStem).sort(),
      );
    }
  });

  it("has at least one fixture for every event, and marks the speculative ones", () => {
    for (const entry of catalog.list()) {
      expect(entry.samples.length, `${entry.registry}/${entry.event}`).toBeGreaterThan(0);
      expect(entry.label).not.toBe(entry.event);
    }
    const speculative = catalog
      .list()
      .filter((e) => e.speculative)
      .map((e) => `${e.registry}/${e.event}`);
    expect(speculative).toContain("dtr/TAG_PULL");
    expect(speculative).toContain("dtr/CHART_PUSH");
    expect(speculative).not.toContain("dtr/TAG_PUSH");
    expect(speculative.every((id) => id.startsWith("dtr/"))).toBe(true);
  });

  it("has at least one invalid fixture per registry and ten in all", () => {
    for (const registry of REGISTRY_IDS) {
      expect(invalid.filter(([r]) => r === registry).length, registry).toBeGreaterThan(0);
    }
    expect(invalid.length).toBeGreaterThanOrEqual(10);
  });

  it.each(valid)("recognises %s/%s and finds it valid", (registry, file) => {
    const event = eventOfFile(registry, file);
    const result = catalog.classify({
      body: read(registry, file),
      contentType: contentTypeFor(registry, file),
      headers: wireHeaders(registry, file),
      // Quay bodies name no event: the URL /hooks/x/quay/<event> pins it
      pinned: registry === "quay" ? { registry, event } : null,
    });
    expect({
      registry: result.registry,
      event: result.event,
      validity: result.validity,
      issues: result.issues,
    }).toEqual({ registry, event, validity: "valid", issues: [] });
    const guessed = GUESSED.has(`${registry}/${file}`);
    expect(result.detection).toBe(registry === "quay" ? "pinned" : guessed ? "guessed" : "declared");
    if (!guessed) expect(result.confidence).toBe(1);
  });

  it.each(invalid)("rejects invalid/%s/%s at exactly the pointer its name states", (registry, file) => {
    const [, encoded] = file.slice(0, -5).split(".") as [string, string];
    const event = eventOfFile(registry, file);
    const pointer = encoded.replace(/~/g, "/");
    const result = catalog.classify({
      body: read("invalid", registry, file),
      contentType: contentTypeFor(registry, file, join("invalid", registry)),
      headers: wireHeaders(join("invalid", registry), file),
      pinned: registry === "quay" ? { registry, event } : null,
    });
    expect([result.registry, result.event, result.validity]).toEqual([registry, event, "invalid"]);
    expect([...new Set(result.issues.map((i) => i.pointer))]).toEqual([pointer]);
    for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(10);
  });

  it("guesses a Quay push from its shape when nothing pins the event", () => {
    for (const file of [
      "repo_push.json",
      "repo_push.test-notification.json",
      "repo_push.legacy-quay-io-guide.json",
    ]) {
      const result = catalog.classify({ body: read("quay", file), contentType: "application/json" });
      expect(result, file).toMatchObject({
        registry: "quay",
        event: "repo_push",
        detection: "guessed",
        validity: "valid",
      });
      expect(result.confidence).toBeGreaterThanOrEqual(0.9);
    }
  });

  it("guesses the other Quay events with a confidence that admits look-alikes", () => {
    const guess = (file: string) => catalog.classify({ body: read("quay", file), contentType: null });
    expect(guess("vulnerability_found.new-index.json")).toMatchObject({
      event: "vulnerability_found",
      validity: "valid",
    });
    expect(guess("repo_image_expiry.real.json").event).toBe("repo_image_expiry");
    expect(guess("build_queued.manual.json").event).toBe("build_queued");
    expect(guess("quota_error.json").event).toMatch(/^quota_/);
    expect(guess("repo_mirror_sync_failed.json").event).toBe("repo_mirror_sync_failed");
    // build_start, build_success and build_cancelled share one shape
    const build = guess("build_cancelled.json");
    expect(build.event).toBe("build_start");
    expect(build.confidence).toBeLessThan(0.5);
  });
});
