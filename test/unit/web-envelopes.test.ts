// The console finds a sender's envelope again from the stored body and headers, with the same
// shapes the server checks (server/core/catalog/envelopes.ts), and stays bounded on hostile input.
import { describe, expect, it } from "vitest";
import { decodePubSubData, findEnvelope, MAX_CE_ATTRIBUTES } from "../../web/envelopes.ts";

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("findEnvelope", () => {
  it("decodes a Pub/Sub push's message.data and reads its message id, both spellings", () => {
    const body = {
      message: { data: b64('{"action":"DELETE"}'), message_id: "7", publish_time: "t", attributes: { a: 1 } },
      subscription: "projects/p/subscriptions/s",
    };
    expect(findEnvelope(body, [])).toEqual({
      kind: "pubsub-push",
      messageId: "7",
      publishTime: "t",
      subscription: "projects/p/subscriptions/s",
      attributes: [["a", "1"]],
      inner: { ok: true, value: { action: "DELETE" } },
    });
  });

  it("says why message.data cannot be shown rather than throwing", () => {
    expect(decodePubSubData("not base64!")).toEqual({ ok: false, reason: "message.data is not base64" });
    expect(decodePubSubData(b64("{oops"))).toEqual({
      ok: false,
      reason: "message.data does not decode to JSON",
    });
    expect(decodePubSubData(Buffer.from([0xff, 0xfe]).toString("base64")).ok).toBe(false);
  });

  it("reads EventBridge's detail-type and keeps CloudEvents attributes bounded", () => {
    expect(
      findEnvelope({ "detail-type": "ECR Image Action", source: "aws.ecr", detail: {} }, []),
    ).toMatchObject({
      kind: "eventbridge",
      detailType: "ECR Image Action",
      source: "aws.ecr",
      time: null,
    });
    const many = Array.from({ length: 500 }, (_, i): [string, string] => [`Ce-X${i}`, "v"]);
    const ce = findEnvelope({}, [["Ce-Type", "t"], ...many]);
    expect(ce?.kind === "cloudevents-binary" && ce.attributes.length).toBe(MAX_CE_ATTRIBUTES);
    expect(findEnvelope({ detail: {} }, [["X-Other", "1"]])).toBeNull();
  });
});
