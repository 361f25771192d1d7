// The list's filters and paging over the in-memory index, the summary a record is listed as,
// and the shape check every stored line passes before the store trusts it.
import { describe, expect, it } from "vitest";
import type { DeliverySummary } from "../../server/contract/index.ts";
import {
  compileFilter,
  type Indexed,
  indexed,
  indexItem,
  MAX_PAGE,
  pageOf,
  pageSize,
  sigMatches,
  startOf,
} from "../../server/store/filter.ts";
import { isDeliveryRecord, isSummary } from "../../server/store/shape.ts";
import { bodyText, toSummary } from "../../server/store/summary.ts";
import { makeDelivery } from "../helpers/delivery.ts";

const entry = (over: Partial<DeliverySummary>): Indexed =>
  indexed({ summary: toSummary(makeDelivery(over) as never) }, 0);

describe("compileFilter", () => {
  const quay = entry({
    endpoint: "ci",
    registry: "quay",
    event: "repo_push",
    status: 503,
    validity: "invalid",
  });
  const harbor = entry({ endpoint: "cd", registry: "harbor", event: "PUSH_ARTIFACT", status: 204 });
  const unknown = entry({ registry: null, event: "repo_push", status: 200 });
  const pick = (filter: Parameters<typeof compileFilter>[0]) => {
    const match = compileFilter(filter);
    return [quay, harbor, unknown].map((i) => (match === null ? "all" : match(i) ? "y" : "n")).join("");
  };

  it("is null when no field is set", () => {
    expect(compileFilter({})).toBeNull();
    expect(compileFilter({ q: "text" })).toBeNull();
  });

  it("filters by endpoint, registry (unknown included), validity and certificate", () => {
    expect(pick({ endpoint: "cd" })).toBe("nyn");
    expect(pick({ registry: "quay" })).toBe("ynn");
    expect(pick({ registry: "unknown" })).toBe("nny");
    expect(pick({ validity: "invalid" })).toBe("ynn");
    expect(pick({ cert: "trusted" })).toBe("yyy");
    expect(pick({ cert: "untrusted" })).toBe("nnn");
  });

  it("filters by event alone or registry/event", () => {
    expect(pick({ event: "repo_push" })).toBe("yny");
    expect(pick({ event: "quay/repo_push" })).toBe("ynn");
    expect(pick({ event: "harbor/repo_push" })).toBe("nnn");
  });

  it("filters by exact status or class, in any case and spacing", () => {
    expect(pick({ status: "503" })).toBe("ynn");
    expect(pick({ status: "5xx" })).toBe("ynn");
    expect(pick({ status: " 2XX " })).toBe("nyy");
    expect(pick({ status: "!5xx" })).toBe("nyy");
  });

  it("refuses a status that is not in the filter's grammar, saying what is", () => {
    expect(() => pick({ status: "2x" })).toThrow(/status term "2x" is not one of: 503, 5xx/);
  });

  it("needs every set field to match", () => {
    expect(pick({ registry: "quay", status: "2xx" })).toBe("nnn");
    expect(pick({ registry: "quay", status: "5xx", endpoint: "ci" })).toBe("ynn");
  });

  it("filters by signature verdict", () => {
    const signed = entry({ sig: "valid" });
    const forged = entry({ sig: "invalid" });
    expect(compileFilter({ sig: "valid" })?.(signed)).toBe(true);
    expect(compileFilter({ sig: "valid" })?.(forged)).toBe(false);
    expect(compileFilter({ sig: "bad" })?.(forged)).toBe(true);
  });
});

describe("sigMatches", () => {
  it("reads none as not checked and bad as any checked verdict but valid", () => {
    expect(sigMatches(undefined, "none")).toBe(true);
    expect(sigMatches("valid", "none")).toBe(false);
    expect(sigMatches(undefined, "bad")).toBe(false);
    expect(sigMatches("valid", "bad")).toBe(false);
    expect(sigMatches("invalid", "bad")).toBe(true);
    expect(sigMatches("invalid", "invalid")).toBe(true);
    expect(sigMatches(undefined, "valid")).toBe(false);
  });
});

describe("paging", () => {
  const index = [1, 2, 3, 5, 8, 13].map((seq) => entry({ seq, id: `s${seq}`, status: seq % 2 ? 500 : 200 }));

  it("keeps a page between 1 and the maximum, 100 when the limit is not a number", () => {
    expect(pageSize(0)).toBe(100);
    expect(pageSize(Number.NaN)).toBe(100);
    expect(pageSize(-5)).toBe(1);
    expect(pageSize(7)).toBe(7);
    expect(pageSize(MAX_PAGE + 1)).toBe(MAX_PAGE);
    expect(MAX_PAGE).toBe(500);
  });

  it("starts at the newest entry older than the cursor", () => {
    expect(startOf(index)).toBe(5);
    expect(startOf(index, null)).toBe(5);
    expect(startOf(index, "13")).toBe(4);
    expect(startOf(index, "6")).toBe(3);
    expect(startOf(index, "5")).toBe(2);
    expect(startOf(index, "1")).toBe(-1);
    expect(startOf(index, "100")).toBe(5);
    expect(startOf([], "3")).toBe(-1);
  });

  it("pages newest first with a cursor to the next page, and none after the last", () => {
    const seqs = (p: { items: DeliverySummary[] }) => p.items.map((i) => i.seq);
    const first = pageOf(index, {}, 2);
    expect([seqs(first), first.next]).toEqual([[13, 8], "8"]);
    const second = pageOf(index, {}, 2, first.next);
    expect([seqs(second), second.next]).toEqual([[5, 3], "3"]);
    const last = pageOf(index, {}, 2, second.next);
    expect([seqs(last), last.next]).toEqual([[2, 1], null]);
    const exact = pageOf(index, {}, 6);
    expect([seqs(exact), exact.next]).toEqual([[13, 8, 5, 3, 2, 1], null]);
  });

  it("counts only matching entries towards a page", () => {
    const page = pageOf(index, { status: "5xx" }, 2);
    expect([page.items.map((i) => i.seq), page.next]).toEqual([[13, 5], "5"]);
    const rest = pageOf(index, { status: "5xx" }, 2, page.next);
    expect([rest.items.map((i) => i.seq), rest.next]).toEqual([[3, 1], null]);
  });
});

describe("toSummary", () => {
  it("keeps the list fields, copies the chain, and drops everything else", () => {
    const d = makeDelivery({ note: "hi", chain: { id: "c9", attempt: 3 } });
    const s = toSummary(d as never);
    expect(s).toEqual({
      id: d.id,
      seq: d.seq,
      receivedAt: d.receivedAt,
      endpoint: "ci",
      method: "POST",
      path: "/hooks/ci/quay/repo_push",
      registry: "quay",
      event: "repo_push",
      detection: "pinned",
      validity: "valid",
      issueCount: 0,
      repository: "ns/repo",
      tag: "latest",
      digest: null,
      status: 200,
      size: d.size,
      clientCert: { presented: true, verdict: "trusted" },
      chain: { id: "c9", attempt: 3 },
      replayOf: null,
      note: "hi",
    });
    expect(toSummary(makeDelivery({ chain: null }) as never).chain).toBeNull();
  });

  it("shares one frozen certificate verdict between equal summaries", () => {
    const a = toSummary(makeDelivery() as never).clientCert;
    const b = toSummary(makeDelivery() as never).clientCert;
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    const other = toSummary(makeDelivery({ clientCert: { presented: false, verdict: "none" } }) as never);
    expect(other.clientCert).toEqual({ presented: false, verdict: "none" });
  });

  it("takes the signature verdict from the record when the summary has none", () => {
    const d = { ...makeDelivery(), signature: { verdict: "invalid" } };
    expect(toSummary(d as never).sig).toBe("invalid");
    expect("sig" in toSummary(makeDelivery() as never)).toBe(false);
  });

  it("leaves out an empty note", () => {
    expect("note" in toSummary(makeDelivery({ note: "" }) as never)).toBe(false);
  });

  it("writes index items with the summary and an empty search field", () => {
    const d = makeDelivery();
    expect(indexItem(d)).toEqual({ summary: toSummary(d as never), search: "" });
    expect(indexed({ summary: toSummary(d as never) }, 4)).toEqual({
      summary: toSummary(d as never),
      segment: 4,
    });
  });

  it("gives the body's text, or nothing for a binary body", () => {
    expect(bodyText(makeDelivery({ text: "abc" }))).toBe("abc");
    expect(bodyText(makeDelivery({ bytes: Buffer.from([0xff]) }))).toBe("");
  });
});

describe("record shape", () => {
  const good = () => JSON.parse(JSON.stringify(makeDelivery())) as Record<string, unknown>;
  it("accepts a stored delivery and its summary", () => {
    expect(isDeliveryRecord(good())).toBe(true);
    expect(isSummary(toSummary(makeDelivery() as never))).toBe(true);
    expect(isSummary({ ...toSummary(makeDelivery() as never), note: "n" })).toBe(true);
    expect(isDeliveryRecord({ ...good(), body: { base64: "AA==" } })).toBe(true);
  });

  const broken: [string, (d: Record<string, unknown>) => void][] = [
    ["an id that is not a string", (d) => (d.id = 1)],
    ["a validity missing", (d) => delete d.validity],
    ["a seq that is a string", (d) => (d.seq = "1")],
    ["a size missing", (d) => delete d.size],
    ["a registry that is a number", (d) => (d.registry = 1)],
    ["a replayOf missing", (d) => delete d.replayOf],
    ["no client certificate", (d) => (d.clientCert = null)],
    ["a certificate without presented", (d) => (d.clientCert = { verdict: "none" })],
    ["a certificate without verdict", (d) => (d.clientCert = { presented: false })],
    ["a chain without an id", (d) => (d.chain = { attempt: 1 })],
    ["a chain without an attempt", (d) => (d.chain = { id: "c" })],
    ["a chain that is a string", (d) => (d.chain = "c")],
    ["a note that is a number", (d) => (d.note = 1)],
    ["no query", (d) => delete d.query],
    ["headers that are not a list", (d) => (d.headers = {})],
    ["a header that is not a pair of strings", (d) => (d.headers = [["a", 1]])],
    ["a header that is not a list", (d) => (d.headers = ["a: b"])],
    ["a header name that is not a string", (d) => (d.headers = [[1, "b"]])],
    ["replays that are not a list", (d) => (d.replays = null)],
    ["a body without text or base64", (d) => (d.body = { bytes: "x" })],
    ["no body", (d) => (d.body = null)],
    ["validation without issues", (d) => (d.validation = { validity: "valid" })],
    ["no validation", (d) => delete d.validation],
    ["no response", (d) => delete d.response],
    ["no remote", (d) => delete d.remote],
    ["no timings", (d) => (d.timings = 1)],
  ];
  it.each(broken)("refuses a record with %s", (_what, breakIt) => {
    const d = good();
    breakIt(d);
    expect(isDeliveryRecord(d)).toBe(false);
  });

  it("refuses values that are not objects", () => {
    for (const v of [null, 1, "x", [], [good()]]) expect(isSummary(v)).toBe(false);
  });
});
