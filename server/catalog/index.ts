// createCatalog: recognise and validate every registry event. Schemas compile once at start;
// classify() runs per delivery in the receiver's hot path and never throws.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type {
  CatalogEntry,
  CatalogEntryDetail,
  Detection,
  RegistryId,
  ValidationIssue,
  Validity,
} from "../contract/index.ts";
import { REGISTRY_IDS } from "../contract/index.ts";
import { detectByContent, nestingDepth } from "./detect.ts";
import { EVENT_DEFS } from "./entries.ts";
import { extract } from "./extract.ts";
import { SENDER_PROFILES } from "./profiles.ts";
import { createValidator } from "./validate.ts";

/** Bodies nested deeper than this are not parsed (a depth bomb must not reach JSON.parse or ajv). */
export const MAX_JSON_DEPTH = 64;
const FIXTURES = fileURLToPath(new URL("../../fixtures", import.meta.url));

export interface Classification {
  registry: RegistryId | null;
  event: string | null;
  detection: Detection;
  confidence: number | null;
  validity: Validity;
  issues: ValidationIssue[];
  repository: string | null;
  tag: string | null;
  digest: string | null;
  senderId: string | null;
}

export interface ClassifyInput {
  body: Buffer;
  contentType: string | null;
  /** From the URL /hooks/:endpoint/:registry/:event */
  pinned?: { registry: string; event: string } | null;
  /** The endpoint's expected registry/event setting. */
  expected?: { registry?: RegistryId; event?: string } | null;
}

export interface Catalog {
  classify(input: ClassifyInput): Classification;
  list(): CatalogEntry[];
  get(registry: string, event: string): CatalogEntryDetail | null;
  validate(registry: string, event: string, json: unknown): ValidationIssue[] | null;
}

const NONE = { repository: null, tag: null, digest: null, senderId: null };

function parse(body: Buffer): { ok: true; value: unknown } | { ok: false; issue: ValidationIssue } {
  const text = body.toString("utf8");
  if (text.trim() === "")
    return { ok: false, issue: { pointer: "", message: "the body is empty", keyword: "json" } };
  const depth = nestingDepth(text, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH) {
    return {
      ok: false,
      issue: {
        pointer: "",
        message: `nested deeper than ${MAX_JSON_DEPTH} levels: not parsed`,
        keyword: "depth",
      },
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return {
      ok: false,
      issue: { pointer: "", message: `not valid JSON: ${(e as Error).message}`, keyword: "json" },
    };
  }
}

/** Sample file names per registry/event, read from fixtures/ once. */
function loadSampleIndex(): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const registry of REGISTRY_IDS) {
    let files: string[] = [];
    try {
      files = readdirSync(join(FIXTURES, registry))
        .filter((f) => f.endsWith(".json"))
        .sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const event = file.slice(0, -5).split(".")[0] as string;
      const key = `${registry}/${event}`;
      index.set(key, [...(index.get(key) ?? []), file]);
    }
  }
  return index;
}

/**
 * @example createCatalog().classify({ body, contentType: "application/json", pinned: { registry: "quay", event: "repo_push" } })
 */
export function createCatalog(): Catalog {
  const validator = createValidator(EVENT_DEFS);
  const defs = new Map(EVENT_DEFS.map((d) => [`${d.registry}/${d.event}`, d]));
  let samples: Map<string, string[]> | null = null;
  const sampleNames = (key: string) => {
    samples ??= loadSampleIndex();
    return samples.get(key) ?? [];
  };

  function classify(input: ClassifyInput): Classification {
    const parsed = parse(input.body);
    const pinned = input.pinned ?? null;
    if (!parsed.ok) {
      return {
        registry: (pinned?.registry as RegistryId) ?? input.expected?.registry ?? null,
        event: pinned?.event ?? input.expected?.event ?? null,
        detection: pinned ? "pinned" : "unknown",
        confidence: pinned ? 1 : null,
        validity: "not-json",
        issues: [parsed.issue],
        ...NONE,
      };
    }
    let found = detectByContent(parsed.value, input.contentType);
    const fixed =
      pinned ??
      (input.expected?.registry && input.expected.event
        ? { registry: input.expected.registry, event: input.expected.event }
        : null);
    // A self-describing body says what it is; a pin decides for bodies that cannot (Quay, Docker Hub).
    if (fixed && found.detection !== "declared") {
      found = {
        registry: fixed.registry as RegistryId,
        event: fixed.event,
        detection: "pinned",
        confidence: 1,
      };
    }
    const registry = found.registry;
    const event = found.event;
    const issues = registry && event ? validator.validate(registry, event, parsed.value) : null;
    return {
      registry,
      event,
      detection: found.detection,
      confidence: found.confidence,
      validity: issues === null ? "unknown-event" : issues.length ? "invalid" : "valid",
      issues: issues ?? [],
      ...extract(registry, parsed.value),
    };
  }

  const entry = (d: (typeof EVENT_DEFS)[number]): CatalogEntry => ({
    registry: d.registry,
    event: d.event,
    label: d.label,
    description: d.description,
    speculative: d.speculative,
    samples: sampleNames(`${d.registry}/${d.event}`).map((f) => f.slice(d.event.length + 1, -5) || "default"),
  });

  return {
    classify,
    list: () => EVENT_DEFS.map(entry),
    get(registry, event) {
      const d = defs.get(`${registry}/${event}`);
      if (!d) return null;
      const sampleBodies: Record<string, unknown> = {};
      for (const file of sampleNames(`${registry}/${event}`)) {
        try {
          sampleBodies[file.slice(event.length + 1, -5) || "default"] = JSON.parse(
            readFileSync(join(FIXTURES, registry, file), "utf8"),
          );
        } catch {
          // a fixture that does not parse is shown by the table test, not here
        }
      }
      return { ...entry(d), schema: d.schema, sampleBodies, semantics: SENDER_PROFILES[d.registry] };
    },
    validate: (registry, event, json) => validator.validate(registry, event, json),
  };
}
