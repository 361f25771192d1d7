// The answers and record pieces the receiver builds: delivery ids, the URL as sent, header pairs,
// a rule's answer with its default body, a proxied answer, and the stored validation summary.
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import type { ReplayResult } from "../../server/contract/index.ts";
import type { Classification } from "../../server/core/catalog/index.ts";
import {
  newDeliveryId,
  proxiedResponse,
  rawHeaderPairs,
  responseFor,
  splitUrl,
  validationRecord,
} from "../../server/receiver/record.ts";
import { RESPOND_200 } from "../helpers/receiver-inputs.ts";

describe("newDeliveryId", () => {
  it("is d, the time, a process prefix and a 4-character counter that counts up by one", () => {
    const a = newDeliveryId();
    const b = newDeliveryId();
    expect(a).toMatch(/^d[0-9a-z]{8}[0-9a-f]{6}[0-9a-z]{4}$/);
    expect(b).toMatch(/^d[0-9a-z]{8}[0-9a-f]{6}[0-9a-z]{4}$/);
    expect(Number.parseInt(b.slice(-4), 36) - Number.parseInt(a.slice(-4), 36)).toBe(1);
    expect(a.slice(9, 15)).toBe(b.slice(9, 15));
  });
});

describe("splitUrl, as sent", () => {
  it("does not normalise an origin-form path (dot segments and a bare ? stay)", () => {
    expect(splitUrl("/hooks/a/../b")).toEqual({ path: "/hooks/a/../b", query: "" });
    expect(splitUrl("/hooks/ci?")).toEqual({ path: "/hooks/ci", query: "?" });
  });

  it("reads a target that is neither origin- nor absolute-form against a placeholder base", () => {
    expect(splitUrl("*")).toEqual({ path: "/*", query: "" });
    expect(splitUrl("hooks/ci?x=1")).toEqual({ path: "/hooks/ci", query: "?x=1" });
  });
});

describe("rawHeaderPairs", () => {
  it("keeps order and duplicates, and ignores a trailing name without a value", () => {
    const req = { rawHeaders: ["X-A", "1", "x-a", "2", "Host"] } as unknown as IncomingMessage;
    expect(rawHeaderPairs(req)).toEqual([
      ["X-A", "1"],
      ["x-a", "2"],
    ]);
  });
});

describe("responseFor", () => {
  it("gives a hang or reset no status, headers or body", () => {
    expect(responseFor({ action: "hang", rule: 2 }, "d1")).toEqual({
      status: 0,
      headers: [],
      body: "",
      delayMs: 0,
      action: "hang",
      rule: 2,
    });
    expect(responseFor({ action: "reset", rule: "query" }, "d1")).toMatchObject({
      body: "",
      action: "reset",
    });
  });

  it("writes the default JSON body: ok below 400, the status from 400 on", () => {
    const at = (status: number) => responseFor({ ...RESPOND_200, status }, "d9");
    expect(at(399)).toEqual({
      status: 399,
      headers: [
        ["content-type", "application/json"],
        ["x-quayside-delivery", "d9"],
      ],
      body: '{"ok":true,"delivery":"d9"}',
      delayMs: 0,
      action: "respond",
      rule: null,
    });
    expect(at(400).body).toBe('{"ok":false,"delivery":"d9","status":400}');
    expect(at(503).body).toBe('{"ok":false,"delivery":"d9","status":503}');
  });

  it("keeps a rule's own Content-Type (any case) and body", () => {
    const own = responseFor({ ...RESPOND_200, headers: { "Content-Type": "text/plain" } }, "d2");
    expect(own.headers).toEqual([
      ["Content-Type", "text/plain"],
      ["x-quayside-delivery", "d2"],
    ]);
    const body = responseFor({ ...RESPOND_200, status: 500, body: "nope", delayMs: 20, rule: 1 }, "d3");
    expect(body).toEqual({
      status: 500,
      headers: [["x-quayside-delivery", "d3"]],
      body: "nope",
      delayMs: 20,
      action: "respond",
      rule: 1,
    });
  });
});

const result = (over: Partial<ReplayResult>): ReplayResult => ({
  at: "2026-01-01T00:00:00.000Z",
  target: "http://127.0.0.1:1/x",
  status: 200,
  headers: [],
  body: "",
  durationMs: 1,
  ...over,
});

describe("proxiedResponse", () => {
  it("relays the status and body with only Content-Type, Retry-After and Location", () => {
    const headers: [string, string][] = [
      ["Content-Type", "text/plain"],
      ["RETRY-AFTER", "5"],
      ["location", "/there"],
      ["x-location", "no"],
      ["location-x", "no"],
      ["set-cookie", "a=1"],
    ];
    expect(proxiedResponse(result({ status: 429, headers, body: "slow" }), "d4")).toEqual({
      status: 429,
      headers: [
        ["Content-Type", "text/plain"],
        ["RETRY-AFTER", "5"],
        ["location", "/there"],
        ["x-quayside-delivery", "d4"],
      ],
      body: "slow",
      delayMs: 0,
      action: "respond",
      rule: "proxy",
    });
  });

  it("answers 502 naming why the target gave no answer", () => {
    const failed = proxiedResponse(
      result({ status: null, error: { code: "ECONNREFUSED", message: "refused" } }),
      "d5",
    );
    expect(failed).toMatchObject({ status: 502, rule: "proxy" });
    expect(JSON.parse(failed.body)).toMatchObject({
      error: { message: "forward target failed: refused" },
      delivery: "d5",
    });
    const silent = proxiedResponse(result({ status: null }), "d6");
    expect(JSON.parse(silent.body).error.message).toBe("forward target failed: no answer");
  });
});

const cls = (over: Partial<Classification>) =>
  ({
    validity: "invalid",
    confidence: null,
    issues: [{}, {}],
    issueTotal: 2,
    issueTotalAtLeast: false,
    ...over,
  }) as unknown as Classification;

describe("validationRecord", () => {
  it("stores a total only when some issues were not kept, and marks a lower bound", () => {
    expect(validationRecord(cls({}))).toEqual({ validity: "invalid", issues: [{}, {}] });
    expect(validationRecord(cls({ issueTotal: 1 }))).toEqual({ validity: "invalid", issues: [{}, {}] });
    expect(validationRecord(cls({ issueTotal: 3 }))).toEqual({
      validity: "invalid",
      issues: [{}, {}],
      issueTotal: 3,
    });
    expect(validationRecord(cls({ issueTotalAtLeast: true, confidence: 0.5 }))).toEqual({
      validity: "invalid",
      confidence: 0.5,
      issues: [{}, {}],
      issueTotal: 2,
      issueTotalAtLeast: true,
    });
  });
});
