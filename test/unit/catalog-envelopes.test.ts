// The senders' envelopes as classification reports them: Pub/Sub's message.data that is not
// base64 or not JSON, said in words at /message/data; the envelope's own issues and the inner
// event's counted together; and which senders' bodies are shown as an envelope at all
// (EventBridge's detail, Zot's and Chainguard's CloudEvents headers; nobody else's).
import { describe, expect, it } from "vitest";
import { createCatalog } from "../../server/core/catalog/index.ts";

const catalog = createCatalog();

function classify(
  body: unknown,
  pinned: { registry: string; event: string },
  headers: [string, string][] = [],
) {
  const raw = Buffer.from(JSON.stringify(body));
  return catalog.classify({
    body: raw,
    text: raw.toString("utf8"),
    contentType: "application/json",
    headers,
    pinned,
    expected: null,
    validation: "documented",
  });
}

const GAR = { registry: "gar", event: "INSERT" };
const push = (data: string, subscription: unknown = "projects/p/subscriptions/s") => ({
  message: { data, messageId: "1", publishTime: "2026-12-01T10:00:00Z" },
  subscription,
});
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

describe("a Pub/Sub push envelope", () => {
  it("says at /message/data when the data is not base64", () => {
    const c = classify(push("!!not base64"), GAR);
    expect(c.envelope).toBeNull();
    expect(c.issues).toContainEqual({
      pointer: "/message/data",
      message: "should be base64 (standard alphabet, padded)",
      keyword: "contentEncoding",
    });
  });

  it("says at /message/data when the decoded data is not JSON, and why", () => {
    const c = classify(push(Buffer.from("{oops").toString("base64")), GAR);
    const issue = c.issues.find((i) => i.pointer === "/message/data");
    expect(issue?.keyword).toBe("contentMediaType");
    expect(issue?.message).toMatch(/^should decode to JSON: not valid JSON: /);
  });

  it("counts the envelope's issues and the inner event's together, the envelope's first", () => {
    const c = classify(push(b64({ action: "INSERT", digest: 5 }), 5), GAR);
    expect(c.envelope?.kind).toBe("pubsub-push");
    expect(c.issues.map((i) => i.pointer)).toEqual(["/subscription", "/message/data/digest"]);
    expect(c.issueTotal).toBe(2);
  });
});

describe("which bodies are shown as an envelope", () => {
  const detail = {
    id: "e-1",
    "detail-type": "ECR Image Action",
    source: "aws.ecr",
    detail: { "action-type": "PUSH" },
  };

  it("shows EventBridge's detail for ECR, and not the detail field of another sender's body", () => {
    expect(classify(detail, { registry: "ecr", event: "PUSH" }).envelope).toMatchObject({
      kind: "eventbridge",
      pointer: "/detail",
    });
    const harbor = { type: "PUSH_ARTIFACT", occur_at: 1, operator: "ci", event_data: {}, detail: {} };
    const c = classify(harbor, { registry: "harbor", event: "PUSH_ARTIFACT" });
    expect(c.registry).toBe("harbor");
    expect(c.envelope).toBeNull();
  });

  const ceHeaders = (type: string): [string, string][] => [
    ["Ce-Type", type],
    ["Ce-Id", "ce-1"],
    ["Ce-Specversion", "1.0"],
  ];

  it.each([
    ["zot", "image.updated"],
    ["chainguard", "dev.chainguard.registry.push.v1"],
  ])("reads CloudEvents headers as an envelope for %s: %s", (registry, event) => {
    const c = classify({ name: "app" }, { registry, event }, ceHeaders(event));
    expect(c.envelope).toMatchObject({ kind: "cloudevents-binary", pointer: "" });
    // only the attributes sent, by their CloudEvents names
    expect(c.envelope?.attributes).toStrictEqual({ specversion: "1.0", id: "ce-1", type: event });
  });

  it("reads CloudEvents headers on another sender's body as no envelope", () => {
    const c = classify(
      { name: "app" },
      { registry: "harbor", event: "PUSH_ARTIFACT" },
      ceHeaders("PUSH_ARTIFACT"),
    );
    expect(c.envelope).toBeNull();
  });

  it("needs Ce-Type before it calls a Zot body a CloudEvent", () => {
    expect(
      classify({ name: "app" }, { registry: "zot", event: "image.updated" }, [["Ce-Id", "x"]]).envelope,
    ).toBeNull();
  });
});
