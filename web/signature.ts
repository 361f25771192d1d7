// How a signature verdict reads in the console: the list's badge, its title, the sig= filter.
import type { SignatureVerdict } from "../server/contract/index.ts";

export const SIG_LABEL: Record<SignatureVerdict, string> = {
  valid: "signed ✓",
  invalid: "bad signature",
  missing: "no signature",
  unsigned: "unsigned",
};

export const SIG_TITLE: Record<SignatureVerdict, string> = {
  valid: "the signature matches the body and the endpoint's secret",
  invalid: "the signature does not match: the body was changed, or the sender's secret differs",
  missing: "the endpoint has a secret but the sender sent no signature",
  unsigned: "the sender has no secret set (its signature header is empty)",
};

/** The choices of the sig= filter: "bad" is every checked verdict but valid. */
export const SIG_FILTERS: [string, string][] = [
  ["bad", "bad signatures"],
  ["valid", SIG_LABEL.valid],
  ["invalid", SIG_LABEL.invalid],
  ["missing", SIG_LABEL.missing],
  ["unsigned", SIG_LABEL.unsigned],
  ["none", "not checked"],
];

/** The same test the server applies to `sig=` (server/store/filter.ts), for rows arriving live. */
export function sigMatches(verdict: SignatureVerdict | undefined, wanted: string): boolean {
  if (wanted === "none") return verdict === undefined;
  if (wanted === "bad") return verdict !== undefined && verdict !== "valid";
  return verdict === wanted;
}
