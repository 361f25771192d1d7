// Known failures carry an HTTP status and a stable code; each app's onError answers them as
// { "error": { "code", "message" } }.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ERROR_CODES, type ErrorCode, errorBody } from "./contract/index.ts";

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function errorResponse(err: Error, c: Context) {
  if (err instanceof AppError) return c.json(errorBody(err.code, err.message), err.status);
  const status = (err as { status?: number }).status;
  if (status === 413) {
    return c.json(errorBody(ERROR_CODES.BODY_TOO_LARGE, "request body too large"), 413);
  }
  console.error(`quayside console: ${err.stack ?? err.message}`);
  return c.json(errorBody(ERROR_CODES.INTERNAL, "internal error"), 500);
}

/** Reads a JSON request body or throws a clear 400/415. */
export async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError(415, ERROR_CODES.UNSUPPORTED_MEDIA_TYPE, "send this request as application/json");
  }
  const text = await c.req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, ERROR_CODES.BAD_JSON, "the request body is not valid JSON");
  }
}
