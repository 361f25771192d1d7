// Fault injection for the receiver (SPEC "Respond on purpose"): rule validation, the decision
// engine, URL overrides and the UI's presets. Implementation in server/rules/*.ts.
export type { DecideContext, Decision, RuleEngine } from "./rules/engine.ts";
export { createRuleEngine } from "./rules/engine.ts";
export type { RulePreset } from "./rules/presets.ts";
export { RULE_PRESETS } from "./rules/presets.ts";
export type { QueryOverride } from "./rules/query.ts";
export { parseQueryOverride } from "./rules/query.ts";
export {
  MAX_DELAY_MS,
  MAX_RULE_BODY,
  MAX_RULES,
  MAX_SEQUENCE,
  RulesError,
  validateRules,
} from "./rules/validate.ts";
