// Where outbound requests may go: an http(s) URL without credentials whose host is neither a
// cloud-metadata name nor a forbidden IP literal. Names are checked again after DNS (dns.ts).
import { ERROR_CODES } from "../contract/index.ts";
import { AppError } from "../errors.ts";
import { refusalFor } from "./address.ts";
import { ForbiddenAddressError } from "./errors.ts";

const bad = (message: string) => new AppError(400, ERROR_CODES.BAD_TARGET, message);

/**
 * Parses a target URL or throws a 400 that says what is allowed.
 * @example parseTarget("http://localhost:3000/hook").port // "3000"
 */
export function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad(`"${raw.slice(0, 100)}" is not a URL; use http://host:port/path or https://...`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw bad(`only http and https targets are supported, not ${url.protocol.replace(":", "")}`);
  }
  const refusal = refusalFor(url.hostname);
  if (refusal) throw bad(`${refusal}; Quayside never sends there`);
  if (url.username || url.password) throw bad("put credentials in an Authorization header, not in the URL");
  return url;
}

/**
 * Refuses a URL whose host is a metadata name or a forbidden IP literal (IP literals never go
 * through DNS, so this is their only check). Throws ForbiddenAddressError.
 */
export function assertAllowedTarget(url: URL): void {
  const refusal = refusalFor(url.hostname);
  if (refusal) throw new ForbiddenAddressError(refusal);
}
