// Building blocks for the event schemas (registry-events/schemas-notes.md §0). Every object
// stays open (additionalProperties allowed): senders add keys across versions.
export type Schema = Record<string, unknown>;

export const str: Schema = { type: "string" };
export const bool: Schema = { type: "boolean" };
export const int: Schema = { type: "integer" };
/** Python and Go senders emit 1755763200.0 or 1.417566161e+09 where an integer is meant. */
export const num: Schema = { type: "number" };
export const nullableStr: Schema = { type: ["string", "null"] };
export const strArray: Schema = { type: "array", items: str };
export const digest: Schema = { type: "string", pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$" };
/** Distribution v3 sends "" for the digest of tag/repository deletes. */
export const digestOrEmpty: Schema = { anyOf: [digest, { const: "" }] };
export const tagName: Schema = { type: "string", pattern: "^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$" };
export const rfc3339: Schema = { type: "string", format: "date-time" };
export const unixSeconds: Schema = { type: "integer", minimum: 0 };

export function obj(required: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema {
  return {
    type: "object",
    required: Object.keys(required),
    properties: { ...required, ...optional },
  };
}

/** An open object: any keys, for contents nobody has documented. */
export const anyObject: Schema = { type: "object" };
