// Ready-made rule lists offered by the UI's rules editor; each is a valid `Rule[]`.
import type { Rule } from "../contract/types.ts";

export interface RulePreset {
  id: string;
  label: string;
  rules: Rule[];
}

/** One-click fault scenarios; "time out" lets each sender hit its own timeout (Quay 10 s, Harbor 3 s, distribution 1 s). */
export const RULE_PRESETS: readonly RulePreset[] = [
  {
    id: "fail-first-3",
    label: "fail first 3 with 503",
    rules: [{ schedule: { kind: "first", n: 3 }, respond: { status: 503 } }],
  },
  {
    id: "always-500",
    label: "always 500",
    rules: [{ schedule: { kind: "always" }, respond: { status: 500 } }],
  },
  { id: "time-out", label: "time out", rules: [{ respond: { action: "hang" } }] },
  {
    id: "flaky-30",
    label: "flaky 30%",
    rules: [{ schedule: { kind: "probability", p: 0.3, seed: 1 }, respond: { status: 503 } }],
  },
  { id: "reset-connection", label: "reset connection", rules: [{ respond: { action: "reset" } }] },
];
