// Where replays and forwards may go: http(s) only, never link-local or cloud-metadata
// addresses (checked after DNS, at connect time, so a rebinding name cannot slip through).
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import { ERROR_CODES } from "../contract/index.ts";
import { AppError } from "../errors.ts";

/** Parses a target URL or throws a 400 that says what is allowed. */
export function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError(
      400,
      ERROR_CODES.BAD_TARGET,
      `"${raw.slice(0, 100)}" is not a URL; use http://host:port/path or https://...`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError(
      400,
      ERROR_CODES.BAD_TARGET,
      `only http and https targets are supported, not ${url.protocol.replace(":", "")}`,
    );
  }
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(literal) && isForbiddenAddress(literal)) {
    throw new AppError(
      400,
      ERROR_CODES.BAD_TARGET,
      `${literal} is a link-local/cloud-metadata address; replays never go there`,
    );
  }
  if (url.username || url.password) {
    throw new AppError(
      400,
      ERROR_CODES.BAD_TARGET,
      "put credentials in an Authorization header, not in the URL",
    );
  }
  return url;
}

/** Refuses an IP-literal target in a forbidden range (no DNS look-up happens for those). */
export function assertAllowedLiteral(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && isForbiddenAddress(host)) {
    throw new ForbiddenAddressError(`${host} is a link-local/metadata address`);
  }
}

/** Link-local (incl. 169.254.169.254 cloud metadata), and other metadata addresses. */
export function isForbiddenAddress(address: string): boolean {
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    return v4.startsWith("169.254.") || v4 === "100.100.100.200" || v4 === "0.0.0.0";
  }
  const lower = address.toLowerCase();
  return /^fe[89ab]/.test(lower) || lower.startsWith("fd00:ec2::") || lower === "::";
}

export class ForbiddenAddressError extends Error {
  code = "EFORBIDDENADDR";
}

/** A dns.lookup that refuses forbidden addresses; plugged into the HTTP client's connector. */
export function guardedLookup(
  hostname: string,
  options: { all?: boolean; family?: number },
  callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "");
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => isForbiddenAddress(a.address));
    if (bad)
      return callback(
        new ForbiddenAddressError(`${hostname} resolves to ${bad.address}, a link-local/metadata address`),
        "",
      );
    if (options.all) return callback(null, list);
    const first = list[0];
    if (!first) return callback(new Error(`no address for ${hostname}`), "");
    callback(null, first.address, first.family);
  });
}
