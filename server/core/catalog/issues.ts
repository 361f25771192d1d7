// Ajv errors in words: each becomes an issue with a JSON pointer, a message, the keyword and
// the offending value (bounded), and the set is pruned to the issues that explain the most.
import type { ErrorObject } from "ajv";
import type { ValidationIssue } from "../../contract/index.ts";

/** Long offending values are cut so an issue never carries a whole body. */
export const MAX_VALUE_CHARS = 200;

/** How an undocumented field's message ends; the catalog names the registry there. */
export const UNDOCUMENTED_TAIL = "the documented body";

/** Escapes one reference token (RFC 6901 §3). */
export const escapePointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** The node at a JSON pointer, or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    if (node === null || typeof node !== "object") return undefined;
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    // own keys only: a pointer segment like "constructor" must not reach the prototype
    if (!Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
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
const PATTERN_WORDS: ReadonlyMap<string, string> = new Map([
  ["^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$", "a digest like sha256:<64 hex digits>"],
  ["^(?:[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+)?$", 'a digest like sha256:<64 hex digits>, or ""'],
  ["^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$", "a tag name (letters, digits, _ . -, at most 128 characters)"],
  ["^(\\d+|None) days$", 'of the form "<days> days"'],
  ["^[A-Fa-f0-9]{7,}$", "a commit hash (7 or more hex digits)"],
  ["^refs/(heads|tags|remotes)/.+$", "a git ref like refs/heads/main"],
  ["^/projects/\\d+/webhook/policies/\\d+$", "/projects/<id>/webhook/policies/<id>"],
  ["^/", "a path starting with /"],
]);
const FORMAT_WORDS: ReadonlyMap<string, string> = new Map([
  ["date-time", "an RFC 3339 date-time like 2019-05-15T19:39:40Z"],
  ["uri", "an absolute URL"],
  ["uuid", "a UUID"],
]);

const article = (t: string) => (t === "null" ? "null" : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
const describe = (v: unknown) =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "an array"
      : Number.isInteger(v)
        ? "an integer"
        : article(typeof v);

export function toIssue(e: ErrorObject, body: unknown): ValidationIssue {
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
  if (e.keyword === "unevaluatedProperties") {
    // a field the schema does not list (strict check): the issue sits at the field itself
    const name = String(p.unevaluatedProperty);
    const pointer = `${e.instancePath}/${escapePointer(name)}`;
    return {
      pointer,
      message: `"${name}" is not in ${UNDOCUMENTED_TAIL}`,
      keyword: e.keyword,
      value: bounded(valueAt(body, pointer)),
    };
  }
  const value = valueAt(body, e.instancePath);
  const messages: Partial<Record<string, () => string>> = {
    type: () => `should be ${String(p.type).split(",").map(article).join(" or ")}, got ${describe(value)}`,
    const: () => `should be ${JSON.stringify(p.allowedValue)}`,
    enum: () => `should be one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(", ")}`,
    format: () => `should be ${FORMAT_WORDS.get(String(p.format)) ?? `a valid ${String(p.format)}`}`,
    pattern: () =>
      `should be ${PATTERN_WORDS.get(String(p.pattern)) ?? `text matching ${String(p.pattern)}`}`,
    minItems: () => `should have at least ${String(p.limit)} item(s)`,
    minProperties: () => `should have at least ${String(p.limit)} key(s)`,
    minimum: () => `should be at least ${String(p.limit)}`,
    maximum: () => `should be at most ${String(p.limit)}`,
    anyOf: () => "matches none of the accepted shapes",
  };
  return {
    pointer: e.instancePath,
    message:
      (Object.hasOwn(messages, e.keyword) ? messages[e.keyword]?.() : undefined) ?? e.message ?? e.keyword,
    keyword: e.keyword,
    value: bounded(value),
  };
}

/** The pointers above `pointer` ("/a/b/c" -> "/a/b", "/a", ""). */
function ancestors(pointer: string, into: Set<string>): void {
  for (let cut = pointer.lastIndexOf("/"); cut !== -1; cut = pointer.lastIndexOf("/", cut - 1)) {
    const above = pointer.slice(0, cut);
    // Stryker disable next-line ConditionalExpression: going on re-adds ancestors already in the set
    if (into.has(above)) return; // its own ancestors are in already
    into.add(above);
    // Stryker disable next-line ConditionalExpression: past 0 the next cut is 0 again, whose "" is in the set
    if (cut === 0) return;
  }
}

/**
 * Keeps the useful issues: if/then wrappers go; an anyOf absorbs its branches' errors at the
 * same pointer (one "should be an array or an object"), and is dropped itself when a deeper
 * issue explains it better. Linear in the number of issues (sets, not nested scans).
 */
export function prune(issues: ValidationIssue[]): ValidationIssue[] {
  const anyOfAt = new Set<string>();
  const explained = new Set<string>();
  const typesAt = new Map<string, string[]>();
  for (const i of issues) {
    if (i.keyword === "anyOf") {
      anyOfAt.add(i.pointer);
      continue;
    }
    ancestors(i.pointer, explained);
    if (i.keyword === "type") {
      const types = typesAt.get(i.pointer) ?? [];
      types.push(i.message.split(", got")[0]?.replace("should be ", "") ?? "");
      typesAt.set(i.pointer, types);
    }
  }
  const out: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    if (issue.keyword === "if") continue;
    if (issue.keyword !== "anyOf" && anyOfAt.has(issue.pointer)) continue;
    if (issue.keyword === "anyOf") {
      if (explained.has(issue.pointer)) continue;
      const types = typesAt.get(issue.pointer);
      if (types)
        issue.message = `should be ${[...new Set(types)].join(" or ")}, got ${describe(issue.value)}`;
    }
    const key = `${issue.pointer}\u0000${issue.keyword}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}
