// The sender's wrapper around a registry event, found again in the browser from the stored body
// and headers (the server's rules: server/core/catalog/envelopes.ts), so nothing extra is stored:
// Pub/Sub push (base64 message.data), EventBridge (`detail`), CloudEvents binary (Ce-* headers).

/** Where Pub/Sub issues of the decoded event sit: the path runs through the base64 string. */
export const PUBSUB_DATA_POINTER = "/message/data";
/** Ce-* headers shown at most; a sender can send many, the table stays bounded. */
export const MAX_CE_ATTRIBUTES = 50;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : v === undefined ? null : JSON.stringify(v));
/** Standard base64 (RFC 4648 §4), the encoding Pub/Sub uses for message.data. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export type WebEnvelope =
  | {
      kind: "pubsub-push";
      messageId: string | null;
      publishTime: string | null;
      subscription: string | null;
      attributes: [string, string][];
      inner: { ok: true; value: unknown } | { ok: false; reason: string };
    }
  | {
      kind: "eventbridge";
      detailType: string | null;
      source: string | null;
      time: string | null;
      detail: unknown;
    }
  | { kind: "cloudevents-binary"; attributes: [string, string][] };

/** message.data decoded as UTF-8 JSON, or why it cannot be. */
export function decodePubSubData(data: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (!BASE64.test(data)) return { ok: false, reason: "message.data is not base64" };
  try {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    return { ok: true, value: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) };
  } catch {
    return { ok: false, reason: "message.data does not decode to JSON" };
  }
}

function pubSub(body: Json & { message: Json }): WebEnvelope {
  const m = body.message;
  const attributes = isObj(m.attributes)
    ? Object.entries(m.attributes)
        .slice(0, MAX_CE_ATTRIBUTES)
        .map(([k, v]): [string, string] => [k, str(v) ?? ""])
    : [];
  return {
    kind: "pubsub-push",
    messageId: str(m.messageId ?? m.message_id),
    publishTime: str(m.publishTime ?? m.publish_time),
    subscription: str(body.subscription),
    attributes,
    inner: decodePubSubData(m.data as string),
  };
}

/**
 * The envelope around `body` (already parsed JSON), or null when it has none.
 * @example findEnvelope({ "detail-type": "ECR Image Action", detail: {} }, []).kind === "eventbridge"
 */
export function findEnvelope(body: unknown, headers: [string, string][]): WebEnvelope | null {
  if (
    isObj(body) &&
    isObj(body.message) &&
    typeof body.message.data === "string" &&
    Object.hasOwn(body, "subscription")
  )
    return pubSub(body as Json & { message: Json });
  if (isObj(body) && Object.hasOwn(body, "detail") && Object.hasOwn(body, "detail-type")) {
    return {
      kind: "eventbridge",
      detailType: str(body["detail-type"]),
      source: str(body.source),
      time: str(body.time),
      detail: body.detail,
    };
  }
  const ce = headers.filter(([k]) => /^ce-/i.test(k)).slice(0, MAX_CE_ATTRIBUTES);
  if (ce.some(([k]) => k.toLowerCase() === "ce-type"))
    return { kind: "cloudevents-binary", attributes: ce.map(([k, v]) => [k.slice(3).toLowerCase(), v]) };
  return null;
}
