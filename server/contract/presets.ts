// Rule presets and the "does this sender give up?" check, shared by the server (which offers the
// presets for a registry at /api/presets) and the console (which warns before a save).
import type { RegistryId, Rule, SenderProfile } from "./types.ts";

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

/** Back to the default answer (200 to everything). */
export const DEFAULT_PRESET: RulePreset = { id: "default", label: "default (200)", rules: [] };

/**
 * The presets offered for a sender that makes `attempts` tries per event: "fail all but the last"
 * first (the retry experiment that still ends delivered), then the fixed ones, then the default.
 * @example presetsFor(3)[0].rules // [{ schedule: { kind: "first", n: 2 }, respond: { status: 503 } }]
 */
export function presetsFor(attempts: number | null): RulePreset[] {
  const lastWins: RulePreset[] =
    attempts !== null && attempts > 1
      ? [
          {
            id: "fail-all-but-last",
            label: `fail all but the last attempt (${attempts - 1} × 503, then 200)`,
            rules: [{ schedule: { kind: "first", n: attempts - 1 }, respond: { status: 503 } }],
          },
        ]
      : [];
  return [...lastWins, ...RULE_PRESETS, DEFAULT_PRESET];
}

/** Mirrors server/core/catalog/profiles.ts isSuccess, so the console can judge rules without the catalog. */
export function countsAsDelivered(success: SenderProfile["success"], status: number): boolean {
  if (success === "2xx-3xx") return status >= 200 && status < 400;
  if (success === "below-300") return status >= 100 && status < 300;
  if (success === "pubsub") return [102, 200, 201, 202, 204].includes(status);
  return status >= 200 && status < 300;
}

/** The answer `rules` certainly give to attempt `attempt`; undefined when it depends on chance or content. */
function answerFor(
  rules: readonly Rule[],
  registry: RegistryId,
  attempt: number,
): number | "fail" | undefined {
  for (const rule of rules) {
    const when = rule.when ?? {};
    if (when.event !== undefined || when.repository !== undefined) return undefined;
    if (when.registry !== undefined && when.registry !== registry) continue;
    if (when.attempt !== undefined && when.attempt !== attempt) continue;
    const schedule = rule.schedule ?? { kind: "always" };
    let status: number | undefined;
    if (schedule.kind === "every" || schedule.kind === "probability") return undefined;
    if (schedule.kind === "first" && attempt > schedule.n) continue;
    if (schedule.kind === "sequence") {
      status = schedule.statuses[attempt - 1];
      if (status === undefined) continue;
    }
    if ("action" in rule.respond) return "fail"; // hang or reset: the sender times out or errors
    return status ?? rule.respond.status;
  }
  return 200;
}

/**
 * True when every one of the sender's `attempts` certainly fails under `rules`, so the sender
 * gives up on the event. False when some attempt succeeds, the count is unbounded, or chance decides.
 * @example failsEveryAttempt([{ schedule: { kind: "first", n: 3 }, respond: { status: 503 } }], { registry: "quay", attempts: 3, success: "2xx" }) // true
 */
export function failsEveryAttempt(
  rules: readonly Rule[],
  sender: { registry: RegistryId; attempts: number | null; success: SenderProfile["success"] },
): boolean {
  if (sender.attempts === null || sender.attempts < 1) return false;
  for (let attempt = 1; attempt <= sender.attempts; attempt++) {
    const answer = answerFor(rules, sender.registry, attempt);
    if (answer === undefined) return false;
    if (answer !== "fail" && countsAsDelivered(sender.success, answer)) return false;
  }
  return true;
}

/** GET /api/presets?registry=: the presets for one sender, with what giving up means for it. */
export interface PresetsView {
  /** The sender they were computed for; null = none chosen (no "fail all but the last"). */
  sender: {
    registry: RegistryId;
    attempts: number | null;
    success: SenderProfile["success"];
    /** In words, what happens when every attempt fails ("Quay will give up after attempt 3 ..."). */
    givesUp: string | null;
  } | null;
  presets: RulePreset[];
}
