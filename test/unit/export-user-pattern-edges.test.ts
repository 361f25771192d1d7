// User-typed mask patterns at their edges: the length cap, each flag's meaning, which strings
// count as /re/flags, and how replacements treat `$` and empty matches.
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import {
  compileUserPattern,
  MAX_PATTERN_LENGTH,
  PatternError,
  parsePattern,
  replaceAllMatches,
} from "../../server/export/user-pattern.ts";

const mask = (text: string, pattern: string | RegExp) => replaceAllMatches(text, parsePattern(pattern), "#");

describe("compileUserPattern", () => {
  it("accepts a pattern of exactly the maximum length and refuses one character more", () => {
    expect(compileUserPattern("a".repeat(MAX_PATTERN_LENGTH)).matcher("a".repeat(1000)).matches()).toBe(true);
    expect(() => compileUserPattern("a".repeat(MAX_PATTERN_LENGTH + 1))).toThrow(
      new PatternError("a pattern is longer than 1000 characters"),
    );
  });

  it("gives each flag its meaning: i ignores case, m anchors lines, s lets dot cross lines", () => {
    expect(compileUserPattern("abc").matcher("ABC").find()).toBe(false);
    expect(compileUserPattern("abc", "i").matcher("ABC").find()).toBe(true);
    expect(compileUserPattern("^b$").matcher("a\nb\nc").find()).toBe(false);
    expect(compileUserPattern("^b$", "m").matcher("a\nb\nc").find()).toBe(true);
    expect(compileUserPattern("a.b").matcher("a\nb").find()).toBe(false);
    expect(compileUserPattern("a.b", "s").matcher("a\nb").find()).toBe(true);
    expect(compileUserPattern("^B.C$", "ims").matcher("a\nb\nc").find()).toBe(true);
  });

  it("takes g and u without changing anything, and names an unknown flag", () => {
    expect(compileUserPattern("abc", "gu").matcher("ABC").find()).toBe(false);
    expect(() => compileUserPattern("a", "x")).toThrow(
      new PatternError('pattern flag "x" is not supported (use i, m, s)'),
    );
  });

  it("says what the engine disliked, without its own prefix", () => {
    let message = "";
    try {
      compileUserPattern("a(");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^a pattern is not a regular expression this engine runs \(no back-references or lookarounds\): missing closing \)/,
    );
    expect(message).not.toMatch(/error parsing regexp/);
  });
});

describe("parsePattern", () => {
  it("passes an RE2 program through as it is", () => {
    const program = RE2JS.compile("x");
    expect(parsePattern(program)).toBe(program);
  });

  it("recompiles a RegExp with its flags", () => {
    expect(mask("Team-A team-b", /team-[a-z]/i)).toBe("# #");
    expect(mask("Team-A team-b", /team-[a-z]/)).toBe("Team-A #");
  });

  it("reads /source/flags as a pattern and anything else as literal text", () => {
    expect(mask("CUST-1 cust-2", "/cust-\\d/i")).toBe("# #");
    expect(mask("a/b/", "/b/")).toBe("a/#/");
    expect(parsePattern("//")).toBe("//");
    expect(parsePattern("/a/z")).toBe("/a/z");
    expect(parsePattern("x/a/")).toBe("x/a/");
    expect(parsePattern("/a/\n")).toBe("/a/\n");
    expect(mask("a\nb", "/a\nb/")).toBe("#");
  });
});

describe("replaceAllMatches", () => {
  it("replaces every literal occurrence and leaves text alone for an empty literal", () => {
    expect(replaceAllMatches("a.a.a", "a", "$&")).toBe("$&.$&.$&");
    expect(replaceAllMatches("abc", "", "#")).toBe("abc");
  });

  it("takes the replacement literally for a pattern too", () => {
    expect(replaceAllMatches("id-1 id-2", compileUserPattern("id-(\\d)"), "$1")).toBe("$1 $1");
  });

  it("replaces non-empty matches of a pattern that can also match empty", () => {
    expect(replaceAllMatches("axxbx", compileUserPattern("x*"), "#")).toBe("a#b#");
  });
});
