// Validation of an endpoint's response rules (SPEC "Respond on purpose"): bad input is refused
// with a message naming the rule index and field, good input comes back normalised.
import type { RegistryId, Rule, RuleResponse, Schedule } from "../../contract/types.ts";
import { REGISTRY_IDS } from "../../contract/types.ts";

/** Rules per endpoint; a list longer than this is a mistake, not a test plan. */
export const MAX_RULES = 50;
/** Longest delay a rule or URL override may ask for; every sender gives up long before (Quay 10 s). */
export const MAX_DELAY_MS = 120_000;
/** Longest status sequence; Quay and Harbor stop after 3 attempts, distribution retries forever. */
export const MAX_SEQUENCE = 100;
/** Largest response body a rule may carry. */
export const MAX_RULE_BODY = 64 * 1024;

/** A rule list that cannot be used; `path` names the field, e.g. `rules[1].schedule.n`. */
export class RulesError extends Error {
  override name = "RulesError";
  readonly code = "bad_request";
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Framing is computed by the receiver; a rule that sets it would corrupt the answer.
const FORBIDDEN_HEADERS = new Set(["content-length", "transfer-encoding", "connection", "upgrade"]);

function fail(path: string, message: string): never {
  throw new RulesError(`${path}: ${message}`, path);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, `unknown field (allowed: ${allowed.join(", ")})`);
  }
}

function intIn(value: unknown, min: number, max: number, path: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(path, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

function nonEmptyString(value: unknown, path: string): string {
  if (typeof value !== "string" || value.trim() === "") fail(path, "must be a non-empty string");
  return value;
}

function validateWhen(input: unknown, path: string): Rule["when"] {
  if (!isObject(input)) fail(path, "must be an object");
  checkKeys(input, ["registry", "event", "repository", "attempt"], path);
  const when: NonNullable<Rule["when"]> = {};
  if (input.registry !== undefined) {
    if (!REGISTRY_IDS.includes(input.registry as RegistryId)) {
      fail(`${path}.registry`, `must be one of ${REGISTRY_IDS.join(", ")}`);
    }
    when.registry = input.registry as RegistryId;
  }
  if (input.event !== undefined) when.event = nonEmptyString(input.event, `${path}.event`);
  if (input.repository !== undefined)
    when.repository = nonEmptyString(input.repository, `${path}.repository`);
  if (input.attempt !== undefined) when.attempt = intIn(input.attempt, 1, 1_000_000, `${path}.attempt`);
  return when;
}

function validateSchedule(input: unknown, path: string): Schedule {
  if (!isObject(input)) fail(path, "must be an object");
  switch (input.kind) {
    case "always":
      checkKeys(input, ["kind"], path);
      return { kind: "always" };
    case "first":
    case "every":
      checkKeys(input, ["kind", "n"], path);
      return { kind: input.kind, n: intIn(input.n, 1, 1_000_000, `${path}.n`) };
    case "sequence": {
      checkKeys(input, ["kind", "statuses"], path);
      const statuses = input.statuses;
      if (!Array.isArray(statuses) || statuses.length === 0 || statuses.length > MAX_SEQUENCE) {
        fail(`${path}.statuses`, `must be a list of 1 to ${MAX_SEQUENCE} HTTP statuses`);
      }
      return {
        kind: "sequence",
        statuses: statuses.map((s, i) => intIn(s, 100, 599, `${path}.statuses[${i}]`)),
      };
    }
    case "probability": {
      checkKeys(input, ["kind", "p", "seed"], path);
      if (typeof input.p !== "number" || !(input.p >= 0 && input.p <= 1))
        fail(`${path}.p`, "must be from 0 to 1");
      const schedule: Schedule = { kind: "probability", p: input.p };
      if (input.seed !== undefined) schedule.seed = intIn(input.seed, 0, 0xffffffff, `${path}.seed`);
      return schedule;
    }
    default:
      return fail(`${path}.kind`, "must be one of always, first, sequence, every, probability");
  }
}

function validateHeaders(input: unknown, path: string): Record<string, string> {
  if (!isObject(input)) fail(path, "must be an object of header name to string value");
  // no prototype: a header named "__proto__" is kept as a header, not swallowed by the setter
  const headers: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(input)) {
    if (!HEADER_NAME.test(name)) fail(`${path}.${name}`, "is not a valid header name");
    if (FORBIDDEN_HEADERS.has(name.toLowerCase())) fail(`${path}.${name}`, "is set by the receiver itself");
    if (typeof value !== "string" || /[\r\n\0]/.test(value)) {
      fail(`${path}.${name}`, "must be a string without line breaks");
    }
    headers[name] = value;
  }
  return headers;
}

function validateRespond(input: unknown, path: string, sequenceStatus: number | undefined): RuleResponse {
  if (input === undefined && sequenceStatus !== undefined) return { status: sequenceStatus };
  if (!isObject(input)) fail(path, "must be an object");
  if (input.action !== undefined) {
    checkKeys(input, ["action"], path);
    if (input.action !== "hang" && input.action !== "reset") fail(`${path}.action`, "must be hang or reset");
    if (sequenceStatus !== undefined) fail(`${path}.action`, "a sequence schedule needs a status response");
    return { action: input.action };
  }
  checkKeys(input, ["status", "headers", "body", "delayMs"], path);
  // A sequence supplies the status per attempt, so respond.status may be left out there.
  const status =
    input.status === undefined && sequenceStatus !== undefined
      ? sequenceStatus
      : intIn(input.status, 100, 599, `${path}.status`);
  const respond: RuleResponse = { status };
  if (input.headers !== undefined) respond.headers = validateHeaders(input.headers, `${path}.headers`);
  if (input.body !== undefined) {
    if (typeof input.body !== "string") fail(`${path}.body`, "must be a string");
    if (Buffer.byteLength(input.body) > MAX_RULE_BODY)
      fail(`${path}.body`, `must be at most ${MAX_RULE_BODY} bytes`);
    respond.body = input.body;
  }
  if (input.delayMs !== undefined) respond.delayMs = intIn(input.delayMs, 0, MAX_DELAY_MS, `${path}.delayMs`);
  return respond;
}

/**
 * Check an endpoint's rule list and return a normalised copy.
 * @throws RulesError naming the rule index and field.
 * @example validateRules([{ schedule: { kind: "first", n: 3 }, respond: { status: 503 } }])
 */
export function validateRules(input: unknown): Rule[] {
  if (!Array.isArray(input)) fail("rules", "must be a list");
  if (input.length > MAX_RULES) fail("rules", `must hold at most ${MAX_RULES} rules`);
  return input.map((raw, index) => {
    const path = `rules[${index}]`;
    if (!isObject(raw)) fail(path, "must be an object");
    checkKeys(raw, ["when", "schedule", "respond"], path);
    const rule: Partial<Rule> = {};
    if (raw.when !== undefined) rule.when = validateWhen(raw.when, `${path}.when`);
    if (raw.schedule !== undefined) rule.schedule = validateSchedule(raw.schedule, `${path}.schedule`);
    if (raw.respond === undefined && rule.schedule?.kind !== "sequence")
      fail(`${path}.respond`, "is required");
    const sequenceStatus = rule.schedule?.kind === "sequence" ? rule.schedule.statuses[0] : undefined;
    rule.respond = validateRespond(raw.respond, `${path}.respond`, sequenceStatus);
    return rule as Rule;
  });
}
