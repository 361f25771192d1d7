// The one rule for endpoint names (the part after /hooks/): the receiver, the console API and
// the web console all check a name with it, so a name one accepts the others accept too.
// Letters, digits, ".", "_" and "-" only: a name is used in URLs, file names and filters as is.

/** Characters in an endpoint name at most. */
export const MAX_ENDPOINT_NAME = 64;

export const ENDPOINT_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** What to tell someone whose name broke the rule. */
export const ENDPOINT_NAME_RULE = `endpoint names use A-Z a-z 0-9 . _ - (1-${MAX_ENDPOINT_NAME})`;

/**
 * True when `name` is a valid endpoint name.
 * @example isEndpointName("ci.prod") // true
 * @example isEndpointName("a/b") // false
 */
export function isEndpointName(name: unknown): name is string {
  return typeof name === "string" && ENDPOINT_NAME_PATTERN.test(name);
}
