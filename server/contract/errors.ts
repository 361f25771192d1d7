// Stable error codes answered as { "error": { "code", "message" } }; listed in the README.

export const ERROR_CODES = {
  NOT_FOUND: "not_found",
  BAD_REQUEST: "bad_request",
  /** A list filter that does not parse (`status=50`): the message gives the grammar. */
  BAD_FILTER: "bad_filter",
  BAD_JSON: "bad_json",
  UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
  FORBIDDEN_HOST: "forbidden_host",
  FORBIDDEN_ORIGIN: "forbidden_origin",
  UNAUTHORIZED: "unauthorized",
  BODY_TOO_LARGE: "body_too_large",
  CLIENT_CERT_REQUIRED: "client_cert_required",
  CLIENT_CERT_UNTRUSTED: "client_cert_untrusted",
  SIGNATURE_INVALID: "signature_invalid",
  BROWSER_ORIGIN: "browser_origin",
  STORE_UNAVAILABLE: "store_unavailable",
  BAD_TARGET: "bad_target",
  BAD_GATEWAY: "bad_gateway",
  TOO_MANY_HELD: "too_many_held",
  UNKNOWN_EVENT: "unknown_event",
  INTERNAL: "internal",
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/**
 * The one shape of an error answer, built here for every door (receiver, console API, live socket).
 * @example errorBody(ERROR_CODES.NOT_FOUND, "no delivery d1") // { error: { code: "not_found", message: "no delivery d1" } }
 */
export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}
