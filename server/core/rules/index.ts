// Fault injection for the receiver (SPEC "Respond on purpose"): rule validation, the decision
// engine, URL overrides and the UI's presets. Implementation in server/core/rules/*.ts.
export type { DecideContext, Decision, RuleEngine } from "./engine.ts";
export { createRuleEngine } from "./engine.ts";
export type { RulePreset } from "./presets.ts";
export { RULE_PRESETS } from "./presets.ts";
export type { QueryOverride } from "./query.ts";
export { parseQueryOverride } from "./query.ts";
export {
  MAX_DELAY_MS,
  MAX_RULE_BODY,
  MAX_RULES,
  MAX_SEQUENCE,
  RulesError,
  validateRules,
} from "./validate.ts";
