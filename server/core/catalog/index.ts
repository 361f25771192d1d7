// createCatalog: recognise and validate every registry event. Schemas compile once; classify()
// runs per delivery in the receiver's hot path and never throws.
import type {
  CatalogEntry,
  CatalogEntryDetail,
  Detection,
  RegistryId,
  ValidationIssue,
  ValidationMode,
  Validity,
} from "../../contract/index.ts";
import { REGISTRY_IDS, REGISTRY_LABELS } from "../../contract/index.ts";
import { bundleSchema } from "./bundle.ts";
import { type Detected, detectByContent } from "./detect.ts";
import { detectByHeaders, type HeaderMap, headerMap } from "./detect-headers.ts";
import { detectByShape } from "./detect-shapes.ts";
import { createEnvelopeChecker, type Envelope } from "./envelopes.ts";
import { type Extracted, extract, NOTHING } from "./extract.ts";
import { UNDOCUMENTED_TAIL } from "./issues.ts";
import { parseBody } from "./parse.ts";
import { SENDER_PROFILES } from "./profiles.ts";
import { readSampleBodies, sampleNames } from "./samples.ts";
import { type EventSchema, loadSchemas } from "./schemas.ts";
import { type Checked, createValidator } from "./validate.ts";

export type { Envelope } from "./envelopes.ts";
export { MAX_JSON_DEPTH } from "./parse.ts";

export interface Classification {
  registry: RegistryId | null;
  event: string | null;
  detection: Detection;
  /** 0..1 for guessed, 1 for declared/pinned, null for unknown. */
  confidence: number | null;
  validity: Validity;
  /** The first MAX_ISSUES issues. */
  issues: ValidationIssue[];
  /** Issues found in all; a lower bound when `issueTotalAtLeast` (validation stopped early). */
  issueTotal: number;
  issueTotalAtLeast: boolean;
  repository: string | null;
  tag: string | null;
  digest: string | null;
  /** The sender's own delivery id: distribution events[0].id, CloudEvents id; else null. */
  senderId: string | null;
  /** The sender's wrapper around the event (Pub/Sub, EventBridge, CloudEvents binary), else null. */
  envelope: Envelope | null;
}

export interface ClassifyInput {
  body: Buffer;
  /** The body as text when the caller has decoded it already (else decoded here as UTF-8). */
  text?: string;
  contentType: string | null;
  /** The request headers as received (raw pairs): some senders name the event only there. */
  headers?: readonly (readonly [string, string])[] | null;
  /** From the URL /hooks/:endpoint/:registry/:event. */
  pinned?: { registry: string; event: string } | null;
  /** The endpoint's expected registry/event setting. */
  expected?: { registry?: RegistryId; event?: string } | null;
  /** The endpoint's validation setting; absent means "lenient". */
  validation?: ValidationMode;
}

export interface Catalog {
  classify(input: ClassifyInput): Classification;
  list(): CatalogEntry[];
  get(registry: string, event: string): CatalogEntryDetail | null;
  /**
   * The first MAX_ISSUES issues for `json` as registry/event; [] when valid, null when the event
   * is not in the catalog.
   */
  validate(registry: string, event: string, json: unknown): ValidationIssue[] | null;
}

const isRegistry = (r: string | undefined): r is RegistryId => REGISTRY_IDS.includes(r as RegistryId);

/** The pin (URL) or, failing that, a complete expected registry/event (endpoint setting). */
function pinOf(input: ClassifyInput): Detected | null {
  const pin =
    input.pinned ??
    (input.expected?.registry && input.expected.event
      ? { registry: input.expected.registry, event: input.expected.event }
      : null);
  if (!pin) return null;
  // a registry this catalog does not know cannot be a RegistryId: the event name is still kept
  return {
    registry: isRegistry(pin.registry) ? pin.registry : null,
    event: pin.event,
    detection: "pinned",
    confidence: 1,
  };
}

/**
 * Built field by field: a spread followed by more fields gives every result a hidden class of
 * its own in V8, and each reader of it a megamorphic property access.
 */
function classification(
  who: Pick<Classification, "registry" | "event" | "detection" | "confidence">,
  validity: Validity,
  checked: Checked,
  found: Extracted,
  envelope: Envelope | null = null,
): Classification {
  return {
    registry: who.registry,
    event: who.event,
    detection: who.detection,
    confidence: who.confidence,
    validity,
    issues: checked.issues,
    issueTotal: checked.total,
    issueTotalAtLeast: checked.atLeast,
    repository: found.repository,
    tag: found.tag,
    digest: found.digest,
    senderId: found.senderId,
    envelope,
  };
}

/** Says whose documentation a field is missing from: "… is not in Quay's documented body". */
function namedUndocumented(issues: ValidationIssue[], registry: RegistryId): void {
  for (const issue of issues) {
    if (issue.keyword !== "unevaluatedProperties") continue;
    // the tail only: the field's own name (a sender's text) may hold the same words
    if (!issue.message.endsWith(UNDOCUMENTED_TAIL)) continue;
    issue.message = `${issue.message.slice(0, -UNDOCUMENTED_TAIL.length)}${REGISTRY_LABELS[registry]}'s documented body`;
  }
}

/** Headers first (where senders name the event), then the later senders' shapes, then the rest. */
const detect = (body: unknown, contentType: string | null, headers: HeaderMap): Detected =>
  detectByHeaders(headers, body) ?? detectByShape(body) ?? detectByContent(body, contentType);

/**
 * @example
 * const catalog = createCatalog();
 * catalog.classify({ body, contentType: "application/json", pinned: { registry: "quay", event: "repo_push" } });
 */
export function createCatalog(): Catalog {
  const schemas = loadSchemas();
  const validator = createValidator(schemas);
  const envelopes = createEnvelopeChecker(schemas, validator);
  const byKey = new Map(schemas.events.map((e) => [`${e.registry}/${e.event}`, e]));

  function classify(input: ClassifyInput): Classification {
    const pin = pinOf(input);
    const parsed = parseBody(input.text ?? input.body.toString("utf8"));
    if (!parsed.ok) {
      const who = pin ?? {
        registry: input.expected?.registry ?? null,
        event: null,
        detection: "unknown",
        confidence: null,
      };
      return classification(who, "not-json", { issues: [parsed.issue], total: 1, atLeast: false }, NOTHING);
    }
    const headers = headerMap(input.headers);
    let found = detect(parsed.value, input.contentType, headers);
    // A self-describing body says what it is, whatever the URL says; the pin decides for bodies
    // that cannot (Quay) and for bodies that fit no known shape.
    if (pin && (found.detection !== "declared" || found.event === null)) found = pin;
    const mode = input.validation ?? "lenient";
    const strict = mode === "documented";
    const { checked, envelope } = envelopes.check(found.registry, found.event, parsed.value, headers, strict);
    if (checked && strict && found.registry) namedUndocumented(checked.issues, found.registry);
    const validity: Validity =
      checked === null
        ? "unknown-event"
        : mode === "off"
          ? "not-validated"
          : checked.total > 0
            ? "invalid"
            : "valid";
    const extracted = extract(found.registry, parsed.value, headers);
    // "off" records what the body is, never what is wrong with it
    const kept = checked && mode !== "off" ? checked : { issues: [], total: 0, atLeast: false };
    return classification(found, validity, kept, extracted, envelope);
  }

  const entry = (e: EventSchema): CatalogEntry => ({
    registry: e.registry,
    event: e.event,
    label: e.schema.title ?? e.event,
    description: e.schema.description ?? "",
    speculative: e.schema["x-speculative"] === true,
    samples: sampleNames(e.registry, e.event),
  });

  return {
    classify,
    list: () => schemas.events.map(entry),
    get(registry, event) {
      const e = byKey.get(`${registry}/${event}`);
      if (!e) return null;
      return {
        ...entry(e),
        schema: bundleSchema(e.schema, schemas.shared),
        sampleBodies: readSampleBodies(e.registry, e.event),
        semantics: SENDER_PROFILES[e.registry],
      };
    },
    validate: (registry, event, json) => validator.validate(registry, event, json)?.issues ?? null,
  };
}
