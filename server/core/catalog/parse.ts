// Parses a delivery body as JSON without ever throwing, after a nesting-depth check on the raw
// text so that a depth bomb never reaches JSON.parse, Ajv or the console's tree view.
import type { ValidationIssue } from "../../contract/index.ts";

/** Bodies nested deeper than this are not parsed. Real registry bodies stay under 10 levels. */
export const MAX_JSON_DEPTH = 64;

export type Parsed = { ok: true; value: unknown } | { ok: false; issue: ValidationIssue };

/** The deepest nesting of `[`/`{` outside strings; stops counting once past `max`. */
export function nestingDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  // Stryker disable next-line EqualityOperator: charCodeAt past the end is NaN, which matches no character
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      // Stryker disable next-line EqualityOperator: at depth === deepest the assignment keeps the same value
      if (depth > deepest) {
        deepest = depth;
        if (deepest > max) return deepest;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}

/** True when `text` has more than `max` opening brackets in all (only then can it nest deeper). */
function bracketsOver(text: string, max: number): boolean {
  let count = 0;
  // Equivalent mutants below: this only decides whether nestingDepth runs, and answering true
  // more often changes no result (a body nested past max has more than max brackets).
  // Stryker disable next-line StringLiteral: "" matches at every index, so it only answers true more often (see below)
  for (const open of ["{", "["]) {
    // Stryker disable next-line UnaryOperator,ArithmeticOperator: both only loop longer, so answer true more often (see below)
    for (let i = text.indexOf(open); i !== -1; i = text.indexOf(open, i + 1)) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: only answers true more often
      if (++count > max) return true;
    }
  }
  // Stryker disable next-line BooleanLiteral: only answers true more often
  return false;
}

function fail(keyword: string, message: string): Parsed {
  return { ok: false, issue: { pointer: "", message, keyword } };
}

/** JSON.parse of the body's text with the depth guard; failures become one issue at the root. */
export function parseBody(text: string): Parsed {
  if (!/\S/.test(text)) return fail("json", "the body is empty, not JSON");
  // counting brackets (native string search) rules out almost every body before the full scan
  if (bracketsOver(text, MAX_JSON_DEPTH) && nestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return fail("depth", `nested deeper than ${MAX_JSON_DEPTH} levels, so it was not parsed`);
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return fail("json", `not valid JSON: ${(e as Error).message}`);
  }
}
