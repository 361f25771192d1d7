// Classifications and issues in words, for the CLI (`quayside validate`) and plain-text exports.
import type { ValidationIssue } from "../../contract/index.ts";
import { REGISTRY_LABELS } from "../../contract/index.ts";
import type { Classification } from "./index.ts";

/**
 * One line per issue: "pointer: message (value)"; the root is written "(root)".
 * @example formatIssues([{ pointer: "/updated_tags", message: "should be an array", keyword: "type", value: "x" }])
 * // ['/updated_tags: should be an array ("x")']
 */
export function formatIssues(issues: readonly ValidationIssue[]): string[] {
  return issues.map((i) => {
    const value = i.value === undefined ? "" : ` (${JSON.stringify(i.value)})`;
    return `${i.pointer || "(root)"}: ${i.message}${value}`;
  });
}

/** "Quay repo_push, pinned ..." : what was recognised and how. */
export function describeRecognition(c: Classification, pinWord = "as pinned"): string {
  const name = c.registry ? `${REGISTRY_LABELS[c.registry]} ${c.event ?? "(no event)"}` : (c.event ?? "");
  switch (c.detection) {
    case "declared":
      return `${name}, declared by the body itself`;
    case "pinned":
      return `${name || "an unknown registry"}, ${pinWord}`;
    case "guessed":
      return `${name}, guessed from its fields (${Math.round((c.confidence ?? 0) * 100)}% sure)`;
    default:
      return "no known registry event";
  }
}

/** The verdict line: valid, the issue count, not JSON, or not in the catalog. */
export function describeValidity(c: Classification): string {
  switch (c.validity) {
    case "valid":
      return "valid";
    case "invalid":
      return `invalid: ${c.issues.length} problem${c.issues.length === 1 ? "" : "s"}`;
    case "not-validated":
      return "not validated (endpoint setting)";
    case "not-json":
      return `not JSON: ${c.issues[0]?.message ?? "unparseable"}`;
    default:
      return c.event ? `"${c.event}" is not an event in the catalog` : "not a body any known registry sends";
  }
}
