// Senders that wrap the registry's event (more/schemas-notes.md §7-9): a Pub/Sub push carries the
// Artifact Registry message base64-encoded in message.data, EventBridge puts ECR's event in
// `detail`, CloudEvents binary mode (Zot, Chainguard) sends the data as the body and its
// attributes as Ce-* headers. Validation then checks the inner event.
//
// Pointers: an issue inside a decoded Pub/Sub message is reported under "/message/data" followed by
// the pointer inside the decoded JSON ("/message/data/action"): the path runs through the base64
// string into the document it encodes. Issues of the envelope itself keep plain pointers.
import type { ValidationIssue } from "../../contract/index.ts";
import type { HeaderMap } from "./detect-headers.ts";
import { parseBody } from "./parse.ts";
import type { SchemaSet } from "./schemas.ts";
import { type Checked, createValidator, MAX_ISSUES, type Validator } from "./validate.ts";

export interface Envelope {
  kind: "pubsub-push" | "eventbridge" | "cloudevents-binary";
  /** Where the inner event sits: "/message/data" (decoded), "/detail", "" (the body is the data). */
  pointer: string;
  /** The inner event: the decoded Pub/Sub message, EventBridge `detail`, the CloudEvents data. */
  inner: unknown;
  /** CloudEvents attributes from the Ce-* headers; null for the other kinds. */
  attributes: { [name: string]: string } | null;
}

export interface EnvelopeChecked {
  /** The issues found (inner ones under the envelope's pointer); null when the event is not in the catalog. */
  checked: Checked | null;
  envelope: Envelope | null;
}

/** Issues of two checks together, still capped at MAX_ISSUES. */
function both(a: Checked | null, b: Checked | null): Checked | null {
  if (!a) return b;
  if (!b) return a;
  return {
    issues: [...a.issues, ...b.issues].slice(0, MAX_ISSUES),
    total: a.total + b.total,
    atLeast: a.atLeast || b.atLeast,
  };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export const PUBSUB_DATA_POINTER = "/message/data";
const ENVELOPE_SCHEMA_ID = "https://quayside.invalid/schemas/gar/_defs.json#/$defs/pushEnvelope";
/** Standard base64 (RFC 4648 §4), the encoding Pub/Sub uses for message.data. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** CloudEvents attributes Zot and Chainguard send (more/REPORT.md §8.1, §12); a fixed list, never input keys. */
const CE_ATTRIBUTES = [
  "specversion",
  "id",
  "source",
  "type",
  "time",
  "subject",
  "channel",
  "group",
  "audience",
];

/** A Pub/Sub push envelope: {message: {data: <base64>, ...}, subscription}. */
export function isPubSubPush(body: unknown): body is { message: Json; subscription: unknown } {
  return (
    isObj(body) &&
    isObj(body.message) &&
    typeof body.message.data === "string" &&
    Object.hasOwn(body, "subscription")
  );
}

/** message.data decoded and parsed, or the issue at /message/data that says why it cannot be. */
export function decodePubSubData(
  body: unknown,
): { ok: true; value: unknown } | { ok: false; issue: ValidationIssue } {
  const data = isPubSubPush(body) ? (body.message.data as string) : "";
  const fail = (keyword: string, message: string) => ({
    ok: false as const,
    issue: { pointer: PUBSUB_DATA_POINTER, message, keyword },
  });
  if (!BASE64.test(data)) return fail("contentEncoding", "should be base64 (standard alphabet, padded)");
  const parsed = parseBody(Buffer.from(data, "base64").toString("utf8"));
  if (!parsed.ok) return fail("contentMediaType", `should decode to JSON: ${parsed.issue.message}`);
  return { ok: true, value: parsed.value };
}

function cloudEventAttributes(headers: HeaderMap): Envelope["attributes"] {
  const out: { [name: string]: string } = {};
  for (const name of CE_ATTRIBUTES) {
    const value = headers.get(`ce-${name}`);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

const prefixed = (c: Checked): Checked => ({
  ...c,
  issues: c.issues.map((i) => ({ ...i, pointer: `${PUBSUB_DATA_POINTER}${i.pointer}` })),
});

/**
 * Validates a body as registry/event, looking inside the sender's envelope.
 * @example createEnvelopeChecker(schemas, validator).check("gar", "INSERT", pubSubBody, headers)
 */
export function createEnvelopeChecker(schemas: SchemaSet, validator: Validator) {
  const envelopes = createValidator({
    shared: schemas.shared,
    events: [
      {
        registry: "gar",
        event: "pubsub-push",
        schema: { $id: "urn:quayside:pubsub-push", $ref: ENVELOPE_SCHEMA_ID },
      },
    ],
  });

  function pubSub(event: string | null, body: unknown, strict: boolean): EnvelopeChecked {
    const outer = envelopes.validate("gar", "pubsub-push", body);
    const outerIssues = outer && outer.total > 0 ? outer : null;
    const decoded = decodePubSubData(body);
    if (!decoded.ok) {
      return {
        checked: both(outerIssues, { issues: [decoded.issue], total: 1, atLeast: false }),
        envelope: null,
      };
    }
    const envelope: Envelope = {
      kind: "pubsub-push",
      pointer: PUBSUB_DATA_POINTER,
      inner: decoded.value,
      attributes: null,
    };
    const inner = event ? validator.validate("gar", event, decoded.value, strict) : null;
    if (inner === null) return { checked: outerIssues, envelope };
    return { checked: both(outerIssues, prefixed(inner)), envelope };
  }

  return {
    /** `strict`: also report fields the event's schema does not list. */
    check(
      registry: string | null,
      event: string | null,
      body: unknown,
      headers: HeaderMap,
      strict = false,
    ): EnvelopeChecked {
      if (registry === "gar" && isPubSubPush(body)) return pubSub(event, body, strict);
      const checked = registry && event ? validator.validate(registry, event, body, strict) : null;
      let envelope: Envelope | null = null;
      if (registry === "ecr" && isObj(body) && Object.hasOwn(body, "detail")) {
        envelope = { kind: "eventbridge", pointer: "/detail", inner: body.detail, attributes: null };
      } else if ((registry === "zot" || registry === "chainguard") && headers.has("ce-type")) {
        envelope = {
          kind: "cloudevents-binary",
          pointer: "",
          inner: body,
          attributes: cloudEventAttributes(headers),
        };
      }
      return { checked, envelope };
    },
  };
}
