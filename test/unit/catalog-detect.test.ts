// Recognition edge cases: declared vs pinned vs guessed, expected settings, and bodies that are
// not JSON or nest too deep.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createCatalog, MAX_JSON_DEPTH } from "../../server/core/catalog/index.ts";

const FIXTURES = fileURLToPath(new URL("../../fixtures", import.meta.url));
const catalog = createCatalog();
const fixture = (path: string) => readFileSync(join(FIXTURES, path));
const json = (path: string) => JSON.parse(fixture(path).toString("utf8")) as Record<string, unknown>;
const classify = (body: string | Buffer, extra: Partial<Parameters<typeof catalog.classify>[0]> = {}) =>
  catalog.classify({ body: Buffer.isBuffer(body) ? body : Buffer.from(body), contentType: null, ...extra });

describe("recognition", () => {
  it("lets a self-describing body win over a wrong pin, and lets the pin decide for Quay", () => {
    const harbor = classify(fixture("harbor/PUSH_ARTIFACT.json"), {
      pinned: { registry: "quay", event: "repo_push" },
    });
    expect(harbor).toMatchObject({
      registry: "harbor",
      event: "PUSH_ARTIFACT",
      detection: "declared",
      validity: "valid",
    });
    const quay = classify(fixture("quay/build_success.json"), {
      pinned: { registry: "quay", event: "build_success" },
    });
    expect(quay).toMatchObject({ event: "build_success", detection: "pinned", confidence: 1 });
  });

  it("keeps a pinned event that is not in the catalog and says so", () => {
    expect(classify('{"a":1}', { pinned: { registry: "quay", event: "nope" } })).toMatchObject({
      registry: "quay",
      event: "nope",
      detection: "pinned",
      validity: "unknown-event",
      issues: [],
    });
    // a registry Quayside does not know cannot be a RegistryId; the event name is kept
    expect(classify('{"a":1}', { pinned: { registry: "cloudsmith", event: "push" } })).toMatchObject({
      registry: null,
      event: "push",
      detection: "pinned",
      validity: "unknown-event",
    });
  });

  it("validates a body that fits no shape against the pinned event and lists what is missing", () => {
    const result = classify('{"namespace":"acme"}', { pinned: { registry: "quay", event: "repo_push" } });
    expect(result.validity).toBe("invalid");
    expect(result.issues.map((i) => i.pointer)).toEqual(
      expect.arrayContaining(["/repository", "/name", "/docker_url", "/homepage", "/updated_tags"]),
    );
    expect(result.issues.every((i) => i.keyword === "required" && i.message.includes("missing"))).toBe(true);
  });

  it("uses the endpoint's expected registry/event like a pin", () => {
    const result = classify(fixture("quay/build_start.json"), {
      expected: { registry: "quay", event: "build_cancelled" },
    });
    expect(result).toMatchObject({ event: "build_cancelled", detection: "pinned", validity: "valid" });
  });

  it("recognises distribution by its media type, v1 and v2, even when the envelope is broken", () => {
    for (const v of ["v1", "v2"]) {
      const contentType = `application/vnd.docker.distribution.events.${v}+json; charset=utf-8`;
      const bare = classify('{"events":[{"action":"push"}]}', { contentType });
      expect(bare).toMatchObject({
        registry: "distribution",
        event: "push",
        detection: "declared",
        validity: "invalid",
      });
      expect(bare.issues.map((i) => i.pointer)).toContain("/events/0/target");
      expect(classify('{"hello":1}', { contentType })).toMatchObject({
        registry: "distribution",
        event: null,
        validity: "unknown-event",
      });
    }
    // without the media type, an action without a target is nobody's
    expect(classify('{"events":[{"action":"push"}]}').detection).toBe("unknown");
  });

  it("checks later events of a registry 2.x batch by their own action", () => {
    const batch = json("distribution/push.envelope-multi.json") as { events: Record<string, unknown>[] };
    const deleteEvent = {
      ...batch.events[1],
      action: "delete",
      target: { repository: "library/test", tag: "old" },
    };
    const mixed = { events: [batch.events[0], deleteEvent] };
    expect(classify(JSON.stringify(mixed)).validity).toBe("valid");
    const broken = { events: [batch.events[0], { ...deleteEvent, target: { tag: "old" } }] };
    expect(classify(JSON.stringify(broken)).issues.map((i) => i.pointer)).toEqual([
      "/events/1/target/repository",
    ]);
  });

  it("maps Harbor CloudEvents onto the Default event ids and keeps unknown Harbor types", () => {
    expect(classify(fixture("harbor/REPLICATION.cloudevents.json")).event).toBe("REPLICATION");
    const legacy = { type: "UPLOAD_CHART", occur_at: 1680501893, operator: "admin", event_data: {} };
    expect(classify(JSON.stringify(legacy))).toMatchObject({
      registry: "harbor",
      event: "UPLOAD_CHART",
      validity: "unknown-event",
    });
    const ce = { ...json("harbor/PUSH_ARTIFACT.cloudevents.json"), type: "harbor.project.created" };
    expect(classify(JSON.stringify(ce))).toMatchObject({
      registry: "harbor",
      event: "harbor.project.created",
    });
    const foreign = { ...ce, type: "com.example.thing" };
    expect(classify(JSON.stringify(foreign)).detection).toBe("unknown");
  });

  it("declares Docker Hub by its shape and only guesses without the legacy callback_url", () => {
    const { callback_url: _, ...rest } = json("dockerhub/push.json");
    const result = classify(JSON.stringify(rest));
    expect(result).toMatchObject({
      registry: "dockerhub",
      event: "push",
      detection: "guessed",
      validity: "invalid",
    });
    expect(result.issues.map((i) => i.pointer)).toEqual(["/callback_url"]);
  });

  it("treats unknown shapes, bad JSON, empty bodies and binary noise as facts, never errors", () => {
    expect(classify('{"hello":"world"}')).toMatchObject({
      registry: null,
      detection: "unknown",
      confidence: null,
      validity: "unknown-event",
    });
    expect(classify("[1,2,3]").validity).toBe("unknown-event");
    expect(classify('{"a":').issues[0]).toMatchObject({ pointer: "", keyword: "json" });
    expect(classify("").validity).toBe("not-json");
    const noise = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256));
    expect(classify(noise).validity).toBe("not-json");
    // a pin survives a body that does not parse
    expect(classify("<xml/>", { pinned: { registry: "quay", event: "repo_push" } })).toMatchObject({
      registry: "quay",
      event: "repo_push",
      detection: "pinned",
      validity: "not-json",
    });
  });

  it(`does not parse bodies nested deeper than ${MAX_JSON_DEPTH} levels`, () => {
    const nest = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const deep = classify(nest(MAX_JSON_DEPTH + 1));
    expect(deep.validity).toBe("not-json");
    expect(deep.issues).toHaveLength(1);
    expect(deep.issues[0]).toMatchObject({ keyword: "depth", pointer: "" });
    expect(deep.issues[0]?.message).toContain(String(MAX_JSON_DEPTH));
    expect(classify(nest(MAX_JSON_DEPTH)).validity).toBe("unknown-event");
    expect(classify(nest(200_000)).validity).toBe("not-json");
    // brackets inside strings, escaped quotes included, do not count
    expect(classify(JSON.stringify({ s: `\\"${"[".repeat(500)}` })).validity).toBe("unknown-event");
  });
});

describe("documented validation", () => {
  it("names the registry in the message's tail, whatever the undocumented field is called", () => {
    const field = "is not in the documented body";
    const c = classify(JSON.stringify({ ...json("quay/repo_push.json"), [field]: 1 }), {
      pinned: { registry: "quay", event: "repo_push" },
      validation: "documented",
    });
    expect(c.issues).toEqual([
      expect.objectContaining({
        keyword: "unevaluatedProperties",
        message: `"${field}" is not in Quay's documented body`,
      }),
    ]);
  });
});
