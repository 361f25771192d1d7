// Compiles every event schema once (ajv, allErrors) and turns ajv errors into issues with a
// JSON pointer, a message a person understands, the keyword and the offending value.

import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { ValidationIssue } from "../contract/index.ts";
import type { EventDef } from "./entries.ts";

/** Long offending strings are cut so an issue never carries a whole body. */
const MAX_VALUE_CHARS = 200;

export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function bounded(value: unknown): unknown {
  if (typeof value === "string")
    return value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value;
  if (value !== null && typeof value === "object") {
    const text = JSON.stringify(value);
    return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : value;
  }
  return value;
}

/** Patterns described in words instead of regex. */
const PATTERN_WORDS: Record<string, string> = {
  "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$": "a digest like sha256:<64 hex digits>",
  "^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$": "a tag name (letters, digits, _ . -, at most 128)",
  "^(\\d+|None) days$": '"<days> days"',
};

const describe = (v: unknown) =>
  v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : `a ${typeof v}`;

function toIssue(e: ErrorObject, body: unknown): ValidationIssue {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === "required") {
    const pointer = `${e.instancePath}/${String(p.missingProperty).replace(/~/g, "~0").replace(/\//g, "~1")}`;
    return {
      pointer,
      message: `required property "${String(p.missingProperty)}" is missing`,
      keyword: "required",
    };
  }
  const value = valueAt(body, e.instancePath);
  const messages: Record<string, () => string> = {
    type: () => `should be ${String(p.type).replace(",", " or ")}, got ${describe(value)}`,
    const: () => `should be ${JSON.stringify(p.allowedValue)}`,
    enum: () => `should be one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(", ")}`,
    format: () => `should be a valid ${String(p.format)}`,
    pattern: () => {
      const words = PATTERN_WORDS[String(p.pattern)];
      return words ? `should be ${words}` : `does not match the pattern ${String(p.pattern)}`;
    },
    minItems: () => `should have at least ${String(p.limit)} item(s)`,
    minProperties: () => `should have at least ${String(p.limit)} key(s)`,
    anyOf: () => "matches none of the accepted shapes",
    minimum: () => `should be >= ${String(p.limit)}`,
  };
  return {
    pointer: e.instancePath,
    message: messages[e.keyword]?.() ?? e.message ?? e.keyword,
    keyword: e.keyword,
    value: bounded(value),
  };
}

/**
 * Keeps the most useful issues: an anyOf failure absorbs its branches' errors at the same
 * pointer (one "should be array or object" instead of three), and is itself dropped when a
 * deeper, more precise issue explains it.
 */
function prune(issues: ValidationIssue[]): ValidationIssue[] {
  const anyOf = issues.filter((i) => i.keyword === "anyOf");
  const out: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    if (issue.keyword === "if") continue;
    if (issue.keyword !== "anyOf" && anyOf.some((a) => a.pointer === issue.pointer)) continue;
    if (issue.keyword === "anyOf") {
      const deeper = issues.some((i) => i.pointer.startsWith(`${issue.pointer}/`) && i.keyword !== "anyOf");
      if (deeper) continue;
      const types = issues
        .filter((i) => i.pointer === issue.pointer && i.keyword === "type")
        .map((i) => i.message.split(",")[0]?.replace("should be ", ""));
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

export function createValidator(defs: EventDef[]) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  const compiled = new Map<string, ValidateFunction>();
  for (const d of defs) compiled.set(`${d.registry}/${d.event}`, ajv.compile(d.schema));
  return {
    /** Issues for `body` against the event's schema; null when the event is not in the catalog. */
    validate(registry: string, event: string, body: unknown): ValidationIssue[] | null {
      const fn = compiled.get(`${registry}/${event}`);
      if (!fn) return null;
      if (fn(body)) return [];
      return prune((fn.errors ?? []).map((e) => toIssue(e, body)));
    },
  };
}
