// The list filters' grammar (server/contract/filters.ts, shared by the API and the console), the
// header search term and the media kind read from a body.
import { describe, expect, it } from "vitest";
import { eventMatches, parseStatusFilter, statusMatches } from "../../server/contract/index.ts";
import { mediaKind } from "../../server/store/media-kind.ts";
import { anchorPattern, headerTerm } from "../../server/store/search-terms.ts";

const passes = (filter: string, status: number, action?: "hang" | "reset") => {
  const parsed = parseStatusFilter(filter);
  if ("error" in parsed) throw new Error(parsed.error);
  return statusMatches(parsed, status, action);
};

describe("status filter", () => {
  it("takes codes, classes, lists, negation, hang and reset", () => {
    expect(passes("503", 503)).toBe(true);
    expect(passes("503", 500)).toBe(false);
    expect(passes("5xx", 502)).toBe(true);
    expect(passes("200,201", 201)).toBe(true);
    expect(passes("!200", 200)).toBe(false);
    expect(passes("!200", 0, "hang")).toBe(true);
    expect(passes("!5xx", 404)).toBe(true);
    expect(passes("5xx,!503", 503)).toBe(false);
    expect(passes("hang", 0, "hang")).toBe(true);
    expect(passes("hang", 0, "reset")).toBe(false);
    expect(passes("reset", 0, "reset")).toBe(true);
    expect(passes("! 503", 200)).toBe(true);
  });

  it.each(["", "50", "5000", "6xx", "0", "xx", "!", "200,", "hang!", "5xx 200"])(
    "refuses %j with a message naming the grammar",
    (input) => {
      const parsed = parseStatusFilter(input);
      expect("error" in parsed && parsed.error).toContain("5xx");
    },
  );

  it("refuses a list longer than 20 terms and never echoes a long term whole", () => {
    expect(parseStatusFilter(Array(21).fill("200").join(","))).toHaveProperty("error");
    const parsed = parseStatusFilter(`x${"y".repeat(500)}`);
    expect("error" in parsed && parsed.error.length).toBeLessThan(120);
  });
});

describe("event filter", () => {
  it("matches a prefix of the event or of registry/event, in any case", () => {
    expect(eventMatches("repo_", "quay", "repo_push")).toBe(true);
    expect(eventMatches("quay/repo", "quay", "repo_push")).toBe(true);
    expect(eventMatches("QUAY/REPO_PUSH", "quay", "repo_push")).toBe(true);
    expect(eventMatches("harbor/repo", "quay", "repo_push")).toBe(false);
    expect(eventMatches("push", "quay", "repo_push")).toBe(false);
    expect(eventMatches("repo", null, null)).toBe(false);
  });
});

describe("header search term", () => {
  it("reads header:name=value, header:name, and leaves other words alone", () => {
    expect(headerTerm("header:x-github-event=push")).toEqual({ name: "x-github-event", value: "push" });
    expect(headerTerm("header:x-trace")).toEqual({ name: "x-trace", value: null });
    expect(headerTerm("header:a=b=c")).toEqual({ name: "a", value: "b=c" });
    expect(headerTerm("header:")).toBeNull();
    expect(headerTerm("headers")).toBeNull();
  });

  it("pre-filters segment files on the value, else the name", () => {
    expect(anchorPattern("header:x-github-event=push")?.pattern.test("PUSH")).toBe(true);
    expect(anchorPattern("header:x-trace")?.pattern.test('"X-Trace"')).toBe(true);
  });
});

describe("media kind", () => {
  const body = (type: string) => JSON.stringify({ events: [{ target: { mediaType: type } }] });
  it.each([
    ["application/vnd.docker.distribution.manifest.v2+json", "manifest"],
    ["application/vnd.oci.image.manifest.v1+json", "manifest"],
    ["application/vnd.docker.distribution.manifest.list.v2+json", "index"],
    ["application/vnd.oci.image.index.v1+json", "index"],
    ["application/octet-stream", "blob"],
    ["application/vnd.oci.image.layer.v1.tar+gzip", "blob"],
    ["application/vnd.oci.image.config.v1+json", "config"],
    ["application/vnd.acr.helm.chart", "chart"],
  ])("%s is a %s", (type, kind) => {
    expect(mediaKind(body(type))).toBe(kind);
  });

  it("reads ECR's manifest-media-type and Zot's top-level mediaType, not one inside a string", () => {
    const ecr = JSON.stringify({
      detail: { "manifest-media-type": "application/vnd.oci.image.manifest.v1+json" },
    });
    expect(mediaKind(ecr)).toBe("manifest");
    const zot = JSON.stringify({
      manifest: JSON.stringify({ config: { mediaType: "application/vnd.oci.image.config.v1+json" } }),
      mediaType: "application/vnd.oci.image.index.v1+json",
    });
    expect(mediaKind(zot)).toBe("index");
  });

  it("is null when the body names no media type, or an empty one", () => {
    expect(mediaKind('{"repository":"ns/app"}')).toBeNull();
    expect(mediaKind(body(""))).toBeNull();
    expect(mediaKind(body("text/plain"))).toBeNull();
  });

  it("looks only at a body's first 16,384 characters", () => {
    const at = (offset: number) => {
      const pair = '"mediaType":"application/octet-stream"';
      const pad = " ".repeat(offset);
      return `{${pad}${pair}${" ".repeat(20_000)}}`;
    };
    const pairLength = '"mediaType":"application/octet-stream"'.length;
    expect(mediaKind(at(16_383 - pairLength))).toBe("blob"); // ends on the last character looked at
    expect(mediaKind(at(16_384 - pairLength))).toBeNull(); // one character further
    expect(mediaKind(`{"mediaType":"application/octet-stream"}`)).toBe("blob"); // shorter than the window
  });
});
