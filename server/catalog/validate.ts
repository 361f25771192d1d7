// Compiles every event schema once (Ajv, JSON Schema 2020-12, allErrors, ajv-formats) and turns
// Ajv errors into issues: a JSON pointer, a message in words, the keyword and the bounded value.
import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { ValidationIssue } from "../contract/index.ts";
import type { SchemaSet } from "./schemas.ts";

/** Long offending values are cut so an issue never carries a whole body. */
export const MAX_VALUE_CHARS = 200;

/** Annotation keywords our schema files carry besides standard JSON Schema. */
const EXTRA_KEYWORDS = ["x-speculative"];

export interface Validator {
  /** Issues for `body` against the event's schema; null when the event is not in the catalog. */
  validate(registry: string, event: string, body: unknown): ValidationIssue[] | null;
}

/** Escapes one reference token (RFC 6901 §3). */
export const escapePointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** The node at a JSON pointer, or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

/** The offending value, cut to MAX_VALUE_CHARS (large objects become a cut JSON string). */
export function bounded(value: unknown): unknown {
  const cut = (s: string) => (s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}…` : s);
  if (typeof value === "string") return cut(value);
  if (value !== null && typeof value === "object") {
    const text = JSON.stringify(value);
    return text.length > MAX_VALUE_CHARS ? cut(text) : value;
  }
  return value;
}

/** Patterns said in words. */
const PATTERN_WORDS: Record<string, string> = {
  "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$": "a digest like sha256:<64 hex digits>",
  "^(?:[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+)?$": 'a digest like sha256:<64 hex digits>, or ""',
  "^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$": "a tag name (letters, digits, _ . -, at most 128 characters)",
  "^(\\d+|None) days$": 'of the form "<days> days"',
  "^[A-Fa-f0-9]{7,}$": "a commit hash (7 or more hex digits)",
  "^refs/(heads|tags|remotes)/.+$": "a git ref like refs/heads/main",
  "^/projects/\\d+/webhook/policies/\\d+$": "/projects/<id>/webhook/policies/<id>",
  "^/": "a path starting with /",
};
const FORMAT_WORDS: Record<string, string> = {
  "date-time": "an RFC 3339 date-time like 2019-05-15T19:39:40Z",
  uri: "an absolute URL",
  uuid: "a UUID",
};

const article = (t: string) => (t === "null" ? "null" : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
const describe = (v: unknown) =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "an array"
      : Number.isInteger(v)
        ? "an integer"
        : article(typeof v);

function toIssue(e: ErrorObject, body: unknown): ValidationIssue {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === "required") {
    const name = String(p.missingProperty);
    // a rule-only subschema (if/then) explains itself in its description
    const rule = e.parentSchema as { description?: string; properties?: unknown } | undefined;
    const why = rule?.description && !rule.properties ? `: ${rule.description}` : "";
    return {
      pointer: `${e.instancePath}/${escapePointer(name)}`,
      message: `required property "${name}" is missing${why}`,
      keyword: "required",
    };
  }
  const value = valueAt(body, e.instancePath);
  const messages: Record<string, () => string> = {
    type: () => `should be ${String(p.type).split(",").map(article).join(" or ")}, got ${describe(value)}`,
    const: () => `should be ${JSON.stringify(p.allowedValue)}`,
    enum: () => `should be one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(", ")}`,
    format: () => `should be ${FORMAT_WORDS[String(p.format)] ?? `a valid ${String(p.format)}`}`,
    pattern: () => `should be ${PATTERN_WORDS[String(p.pattern)] ?? `text matching ${String(p.pattern)}`}`,
    minItems: () => `should have at least ${String(p.limit)} item(s)`,
    minProperties: () => `should have at least ${String(p.limit)} key(s)`,
    minimum: () => `should be at least ${String(p.limit)}`,
    maximum: () => `should be at most ${String(p.limit)}`,
    anyOf: () => "matches none of the accepted shapes",
  };
  return {
    pointer: e.instancePath,
    message: messages[e.keyword]?.() ?? e.message ?? e.keyword,
    keyword: e.keyword,
    value: bounded(value),
  };
}

/**
 * Keeps the useful issues: if/then wrappers go; an anyOf absorbs its branches' errors at the
 * same pointer (one "should be an array or an object"), and is dropped itself when a deeper
 * issue explains it better.
 */
function prune(issues: ValidationIssue[]): ValidationIssue[] {
  const anyOf = issues.filter((i) => i.keyword === "anyOf");
  const out: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    if (issue.keyword === "if") continue;
    if (issue.keyword !== "anyOf" && anyOf.some((a) => a.pointer === issue.pointer)) continue;
    if (issue.keyword === "anyOf") {
      if (issues.some((i) => i.pointer.startsWith(`${issue.pointer}/`) && i.keyword !== "anyOf")) continue;
      const types = issues
        .filter((i) => i.pointer === issue.pointer && i.keyword === "type")
        .map((i) => i.message.split(", got")[0]?.replace("should be ", ""));
      if (types.length > 0)
        issue.message = `should be ${[...new Set(types)].join(" or ")}, got ${describe(issue.value)}`;
    }
    const key = `${issue.pointer}\u0000${issue.keyword}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}

/** Compiles every schema of `set` once; validate() then only runs compiled code. */
export function createValidator(set: SchemaSet): Validator {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strictTypes: false, strictTuples: false });
  ajv.addVocabulary(EXTRA_KEYWORDS);
  // ajv-formats' CJS default export is typed for the CJS Ajv class
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  for (const schema of set.shared) ajv.addSchema(schema);
  const compiled = new Map<string, ValidateFunction>();
  for (const e of set.events) compiled.set(`${e.registry}/${e.event}`, ajv.compile(e.schema));
  return {
    validate(registry, event, body) {
      const fn = compiled.get(`${registry}/${event}`);
      if (!fn) return null;
      if (fn(body)) return [];
      return prune((fn.errors ?? []).map((e) => toIssue(e, body)));
    },
  };
}
