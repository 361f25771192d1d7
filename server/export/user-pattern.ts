// Patterns a user types (`pattern=/re/flags` on the export API, `quayside export --pattern`) run
// on RE2 (re2js), whose matching is linear in the text whatever the pattern: a JavaScript RegExp
// like /^(a+)+$/ backtracks exponentially, and one cross-site request could freeze the process.
import { RE2JS } from "re2js";

/** A pattern after parsing: literal text, or a compiled RE2 program. */
export type UserPattern = string | RE2JS;

/** A pattern the engine refuses; the message says why, for a 400 or a CLI usage error. */
export class PatternError extends Error {}

/** Longest pattern accepted: real masks are short, and compiling costs with length. */
export const MAX_PATTERN_LENGTH = 1000;

/** `g` is implied and `u` is RE2's only mode; `d` and `y` have no meaning for a mask. */
const FLAG_BITS = new Map([
  ["g", 0],
  ["u", 0],
  ["i", RE2JS.CASE_INSENSITIVE],
  ["m", RE2JS.MULTILINE],
  ["s", RE2JS.DOTALL],
]);

/**
 * Compiles JavaScript-style regex source (named groups `(?<n>…)` included) for RE2.
 * Back-references and lookarounds are refused: they are what makes matching non-linear.
 * @example compileUserPattern("cust-\\d+", "i").matcher("CUST-1").find() // true
 */
export function compileUserPattern(source: string, flags = ""): RE2JS {
  if (source.length > MAX_PATTERN_LENGTH)
    throw new PatternError(`a pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  let bits = 0;
  for (const flag of flags) {
    const bit = FLAG_BITS.get(flag);
    if (bit === undefined) throw new PatternError(`pattern flag "${flag}" is not supported (use i, m, s)`);
    bits |= bit;
  }
  try {
    return RE2JS.compile(RE2JS.translateRegExp(source), bits);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, "") : "";
    throw new PatternError(
      `a pattern is not a regular expression this engine runs (no back-references or lookarounds): ${reason}`,
    );
  }
}

/**
 * Turns "/token/i" into an RE2 program; anything else stays a literal string. A RegExp given in
 * code is recompiled for RE2 too, so every mask runs in linear time.
 * @example parsePattern("/cust-\\d+/i") // RE2JS; parsePattern("ACME") // "ACME"
 */
export function parsePattern(pattern: string | RegExp | RE2JS): UserPattern {
  if (pattern instanceof RE2JS) return pattern;
  if (pattern instanceof RegExp) return compileUserPattern(pattern.source, pattern.flags);
  const m = /^\/(.+)\/([dgimsuy]*)$/s.exec(pattern);
  return m?.[1] ? compileUserPattern(m[1], m[2]) : pattern;
}

/**
 * Replaces every non-empty match with `replacement` (taken literally, `$` included); empty
 * matches (`/x*\/`) leave the text alone instead of inserting between every character.
 */
export function replaceAllMatches(text: string, pattern: UserPattern, replacement: string): string {
  if (typeof pattern === "string") return pattern === "" ? text : text.replaceAll(pattern, () => replacement);
  return pattern.matcher(text).replaceAll((match: string) => (match === "" ? match : replacement));
}
