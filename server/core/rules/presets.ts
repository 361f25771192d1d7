// Ready-made rule lists offered by the UI's rules editor; each is a valid `Rule[]`. The list lives
// in server/contract/presets.ts so the console and the server share one copy.
export { presetsFor, RULE_PRESETS, type RulePreset } from "../../contract/presets.ts";
