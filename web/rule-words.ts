// A response rule in one sentence, for the rules form ("When Quay repo_push, the first 2
// attempts of each event: answer 503"). What the engine does (server/core/rules/engine.ts),
// said the way the README says it.
import { REGISTRY_LABELS, type Rule, type Schedule } from "../server/contract/index.ts";

function whenWords(when: Rule["when"]): string {
  if (!when) return "Every delivery";
  const parts: string[] = [];
  if (when.registry) parts.push(REGISTRY_LABELS[when.registry] ?? when.registry);
  if (when.event) parts.push(when.event);
  if (when.repository) parts.push(`on a repository matching ${when.repository}`);
  if (when.attempt !== undefined) parts.push(`at attempt ${when.attempt}`);
  return parts.length ? `When ${parts.join(" ")}` : "Every delivery";
}

function scheduleWords(s: Schedule | undefined): string {
  switch (s?.kind) {
    case undefined:
    case "always":
      return "";
    case "first":
      return `, the first ${s.n} attempt${s.n === 1 ? "" : "s"} of each event`;
    case "every":
      return `, every ${s.n === 1 ? "" : `${s.n}th `}one`;
    case "sequence":
      return `, attempt by attempt: ${s.statuses.join(", ")} (then the next rule)`;
    case "probability":
      return `, with a chance of ${Math.round(s.p * 100)}%${s.seed === undefined ? "" : ` (seed ${s.seed})`}`;
  }
}

function answerWords(rule: Rule): string {
  const r = rule.respond;
  if ("action" in r)
    return r.action === "hang" ? "hold the connection until the sender gives up" : "reset the connection";
  if (rule.schedule?.kind === "sequence") return r.delayMs ? `answer after ${r.delayMs} ms` : "answer so";
  return `answer ${r.status}${r.delayMs ? ` after ${r.delayMs} ms` : ""}`;
}

/**
 * One rule in words.
 * @example describeRule({ schedule: { kind: "first", n: 2 }, respond: { status: 503 } })
 * // "Every delivery, the first 2 attempts of each event: answer 503"
 */
export function describeRule(rule: Rule): string {
  return `${whenWords(rule.when)}${scheduleWords(rule.schedule)}: ${answerWords(rule)}`;
}
