// Compiles every event schema once (Ajv, JSON Schema 2020-12, ajv-formats) and turns Ajv errors
// into issues: a JSON pointer, a message in words, the keyword and the bounded value. The issues
// a body can cause are bounded (MAX_ISSUES kept, full checks only for bodies of a bounded size).
import type { ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { ValidationIssue } from "../../contract/index.ts";
import { prune, toIssue } from "./issues.ts";
import type { SchemaSet } from "./schemas.ts";

/** Annotation keywords our schema files carry besides standard JSON Schema. */
const EXTRA_KEYWORDS = ["x-speculative"];

/** Issues kept per body; the rest are only counted. Real registry bodies have a handful. */
export const MAX_ISSUES = 100;
/**
 * Bodies with more JSON values than this get a fail-first check only (one issue, "at least 1").
 * Ajv's allErrors cannot stop early: a 1 MiB array of 480,000 wrong items made 480,000 issues
 * (53 MB, seconds of blocked event loop). Real registry bodies hold a few hundred values.
 */
export const FULL_CHECK_MAX_VALUES = 2_000;

/** What a check found: the first MAX_ISSUES issues and how many there were in all. */
export interface Checked {
  issues: ValidationIssue[];
  /** Issues found in all (issues.length when nothing was dropped). */
  total: number;
  /** True when the check stopped early, so `total` is a lower bound. */
  atLeast: boolean;
}

export interface Validator {
  /**
   * `body` against the event's schema; null when the event is not in the catalog. `strict`
   * also reports top-level fields the schema does not list (unevaluatedProperties).
   */
  validate(registry: string, event: string, body: unknown, strict?: boolean): Checked | null;
}

/** True when `root` holds more than `max` JSON values (walks at most max + 1 of them). */
export function hasMoreValuesThan(root: unknown, max: number): boolean {
  const stack: unknown[] = [root];
  let seen = 0;
  while (stack.length > 0) {
    const node = stack.pop();
    if (++seen > max) return true;
    if (node === null || typeof node !== "object") continue;
    const children = Array.isArray(node) ? node : Object.values(node);
    // children beyond the budget are never walked: a wide array is judged by its length
    if (seen + stack.length + children.length > max) return true;
    for (const child of children) stack.push(child);
  }
  return false;
}

/** The first MAX_ISSUES of `issues`, with the count of all. */
function capped(issues: ValidationIssue[], atLeast: boolean): Checked {
  return { issues: issues.slice(0, MAX_ISSUES), total: issues.length, atLeast };
}

function newAjv(allErrors: boolean): Ajv2020 {
  const ajv = new Ajv2020({ allErrors, verbose: true, strictTypes: false, strictTuples: false });
  ajv.addVocabulary(EXTRA_KEYWORDS);
  // ajv-formats' CJS default export is typed for the CJS Ajv class
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv;
}

type Kind = "first" | "full" | "strictFirst" | "strictFull";
interface Entry {
  schema: object;
  fns: Partial<Record<Kind, ValidateFunction>>;
}

/**
 * The event's schema with no fields beyond those it lists: 2020-12's unevaluatedProperties sees
 * through the top-level $ref and allOf, so fields a shared definition lists still count.
 */
const strictOf = (schema: object) => ({ ...schema, unevaluatedProperties: false });

/**
 * Compiles each event's schema once, when its first body arrives, for a fail-first check that
 * every body goes through (compiling all 90-odd schemas up front cost ~0.3 s of every start).
 * The allErrors compile is made on an event's first invalid body, and runs only on bodies small
 * enough (FULL_CHECK_MAX_VALUES) that their issues are bounded too. The strict variants (an
 * endpoint set to "documented") have Ajv instances of their own, since they reuse each $id.
 */
export function createValidator(set: SchemaSet): Validator {
  const ajvs = new Map<Kind, Ajv2020>();
  function ajvFor(kind: Kind): Ajv2020 {
    let ajv = ajvs.get(kind);
    if (!ajv) {
      ajv = newAjv(kind === "full" || kind === "strictFull");
      for (const schema of set.shared) ajv.addSchema(schema);
      ajvs.set(kind, ajv);
    }
    return ajv;
  }
  const compiled = new Map<string, Entry>();
  for (const e of set.events) compiled.set(`${e.registry}/${e.event}`, { schema: e.schema, fns: {} });
  function fn(entry: Entry, kind: Kind): ValidateFunction {
    const strict = kind === "strictFirst" || kind === "strictFull";
    entry.fns[kind] ??= ajvFor(kind).compile(strict ? strictOf(entry.schema) : entry.schema);
    return entry.fns[kind];
  }
  const issuesOf = (check: ValidateFunction, body: unknown) =>
    prune((check.errors ?? []).map((e) => toIssue(e, body)));
  return {
    validate(registry, event, body, strict = false) {
      const entry = compiled.get(`${registry}/${event}`);
      if (!entry) return null;
      const first = fn(entry, strict ? "strictFirst" : "first");
      if (first(body)) return { issues: [], total: 0, atLeast: false };
      if (hasMoreValuesThan(body, FULL_CHECK_MAX_VALUES)) {
        // too big for a full check: the first error found stands for the rest
        return capped(issuesOf(first, body), true);
      }
      const check = fn(entry, strict ? "strictFull" : "full");
      check(body);
      return capped(issuesOf(check, body), false);
    },
  };
}
