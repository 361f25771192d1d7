// What `q` matches, field by field: each summary field on its own, the method in full, header
// terms left to the record, the record's body (raw and decoded), header values, path and query,
// and the pre-filter's pattern and span for a term as a segment file spells it.
import { describe, expect, it } from "vitest";
import type { DeliveryDetail, DeliverySummary } from "../../server/contract/index.ts";
import {
  allTerms,
  anchorPattern,
  headerTerm,
  recordMask,
  splitTerms,
  summaryMask,
} from "../../server/store/search-terms.ts";

const SUMMARY = {
  id: "d00000000000001",
  method: "POST",
  repository: null,
  tag: null,
  event: null,
  endpoint: "ep",
  path: "/hooks/ep",
  registry: null,
  digest: null,
} as unknown as DeliverySummary;

const summary = (fields: Partial<DeliverySummary>) => ({ ...SUMMARY, ...fields }) as DeliverySummary;

function record(fields: {
  path?: string;
  query?: string;
  body?: string;
  decoded?: string;
  headers?: [string, string][];
}): DeliveryDetail {
  return {
    path: fields.path ?? "/hooks/ep",
    query: fields.query ?? "",
    body: fields.body === undefined ? { base64: "AAAA" } : { text: fields.body },
    decoded: fields.decoded === undefined ? null : { body: { text: fields.decoded } },
    headers: fields.headers ?? [],
  } as unknown as DeliveryDetail;
}

describe("the query's words", () => {
  it("splits on any run of white space, lower-cased, with no empty words", () => {
    expect(splitTerms("  Quay \t\n CVE-1  ")).toEqual(["quay", "cve-1"]);
    expect(splitTerms("a  b")).toEqual(["a", "b"]);
    expect(splitTerms("   ")).toEqual([]);
  });

  it("has a bit per word, all 32 bits from 32 words up", () => {
    expect(allTerms(0)).toBe(0);
    expect(allTerms(3)).toBe(0b111);
    expect(allTerms(31)).toBe(0x7fffffff);
    expect(allTerms(32)).toBe(-1);
    expect(allTerms(40)).toBe(-1);
    expect(allTerms(64)).toBe(-1);
  });

  it("reads header:name=value, header:name and header:name= (any value), in any case", () => {
    expect(headerTerm("header:X-GitHub-Event=Push")).toEqual({ name: "x-github-event", value: "push" });
    expect(headerTerm("header:X-Nexus")).toEqual({ name: "x-nexus", value: null });
    expect(headerTerm("header:x-nexus=")).toEqual({ name: "x-nexus", value: null });
    expect(headerTerm("x-nexus=1")).toBeNull();
  });
});

describe("a summary's own fields", () => {
  it.each([
    ["repository", { repository: "NS/App" }, "ns/app"],
    ["tag", { tag: "V1.2" }, "v1.2"],
    ["event", { event: "repo_push" }, "repo_push"],
    ["endpoint", { endpoint: "Staging" }, "staging"],
    ["path", { path: "/hooks/ep/quay/x" }, "quay/x"],
    ["registry", { registry: "harbor" }, "harbor"],
    ["digest", { digest: "sha256:ABC" }, "sha256:abc"],
    ["id", { id: "d0000000000xyz" }, "xyz"],
  ] as const)("matches a word in the %s alone", (_, fields, term) => {
    expect(summaryMask(summary(fields as Partial<DeliverySummary>), [term])).toBe(1);
    expect(summaryMask(SUMMARY, [term])).toBe(0);
  });

  it("matches the method only in full, in any case", () => {
    expect(summaryMask(summary({ method: "PUT" }), ["put"])).toBe(1);
    expect(summaryMask(summary({ method: "POST" }), ["pos"])).toBe(0);
  });

  it("sets one bit per matching word, and leaves header terms to the record", () => {
    const s = summary({ repository: "ns/app", tag: "v1" });
    expect(summaryMask(s, ["nope", "v1", "ns/app"])).toBe(0b110);
    expect(summaryMask(summary({ endpoint: "header:x" }), ["header:x"])).toBe(0);
  });
});

describe("a whole record's fields", () => {
  it("finds a word in the body, the decoded body, a header value, the path or the query", () => {
    expect(recordMask(record({ body: "…The CVE-2024-1 here" }), ["cve-2024-1"])).toBe(1);
    expect(recordMask(record({ decoded: '{"Tag":"Deep"}' }), ["deep"])).toBe(1);
    expect(recordMask(record({ headers: [["User-Agent", "Harbor/2.9"]] }), ["harbor/2"])).toBe(1);
    expect(recordMask(record({ path: "/hooks/ep/Quay/X" }), ["quay/x"])).toBe(1);
    expect(recordMask(record({ query: "status=503" }), ["503"])).toBe(1);
    expect(recordMask(record({ headers: [["X-Word", "other"]] }), ["x-word"])).toBe(0);
  });

  it("checks only the words asked for, by bit", () => {
    const r = record({ body: "alpha beta gamma" });
    expect(recordMask(r, ["alpha", "beta", "gamma"])).toBe(0b111);
    expect(recordMask(r, ["alpha", "beta", "gamma"], 0b010)).toBe(0b010);
    expect(recordMask(r, ["alpha", "beta", "gamma"], 0)).toBe(0);
  });

  it("matches a header term by its whole name and a part of its value, in any case", () => {
    const r = record({
      headers: [
        ["Content-Type", "application/json"],
        ["X-GitHub-Event", "Package"],
      ],
    });
    expect(recordMask(r, ["header:x-github-event=pack"])).toBe(1);
    expect(recordMask(r, ["header:x-github-event"])).toBe(1);
    expect(recordMask(r, ["header:x-github-event=push"])).toBe(0);
    expect(recordMask(r, ["header:x-github"])).toBe(0);
    expect(recordMask(r, ["header:content-type=package"])).toBe(0);
    expect(recordMask(record({}), ["header:x-github-event"])).toBe(0);
  });
});

describe("the pre-filter over a segment file's bytes", () => {
  it("looks for the longest ASCII run, JSON-escaped, in any case", () => {
    const anchor = anchorPattern('ab\u00e9tag"v1');
    expect(anchor?.pattern.source).toBe('tag\\\\"v1');
    expect(anchor?.maxBytes).toBe(7);
    expect(anchor?.pattern.flags).toBe("i");
  });

  it("keeps the first of two runs of the same length", () => {
    expect(anchorPattern("abc\u00e9xyz")?.pattern.source).toBe("abc");
  });

  it("counts the bytes of letters that fold from outside ASCII", () => {
    const anchor = anchorPattern("kit");
    expect(anchor?.maxBytes).toBe(3 + 2 + 1);
    expect(anchor?.pattern.test("\xe2\x84\xaa\xc4\xb0t")).toBe(true);
  });

  it("has nothing to look for in a term without ASCII, and looks for a header term's value", () => {
    expect(anchorPattern("\u00e9\u00e8")).toBeNull();
    expect(anchorPattern("header:x-a=Push")?.pattern.source).toBe("push");
    expect(anchorPattern("header:x-a")?.pattern.source).toBe("x\\-a");
  });
});
