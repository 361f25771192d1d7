// The connect-time DNS check: a `lookup` for the HTTP client's connector that refuses a name
// resolving to a forbidden address. Checked when connecting, so a name that resolves to an
// allowed address at parse time and to 169.254.169.254 later (DNS rebinding) cannot slip through.
import { promises as dnsPromises, type LookupAddress } from "node:dns";
import { isForbiddenAddress, isMetadataHost } from "./address.ts";
import { ForbiddenAddressError } from "./errors.ts";

/** Resolves a host name to all its addresses; injectable so tests need no real DNS. */
export type OutboundLookup = (hostname: string) => Promise<readonly LookupAddress[]>;

/** The system resolver (getaddrinfo, so /etc/hosts and `localhost` work as everywhere). */
export const systemLookup: OutboundLookup = (hostname) => dnsPromises.lookup(hostname, { all: true });

type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

/** The signature of `net.connect`'s `lookup` option. */
export type ConnectLookup = (
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: LookupCallback,
) => void;

/** Every address must be allowed: one forbidden answer refuses the name. */
async function resolveAllowed(resolve: OutboundLookup, hostname: string, family: number) {
  if (isMetadataHost(hostname)) throw new ForbiddenAddressError(`${hostname} is a cloud-metadata host name`);
  const all = await resolve(hostname);
  const bad = all.find((a) => isForbiddenAddress(a.address));
  if (bad) {
    throw new ForbiddenAddressError(
      `${hostname} resolves to ${bad.address}, a link-local/cloud-metadata address`,
    );
  }
  const wanted = family === 4 || family === 6 ? all.filter((a) => a.family === family) : [...all];
  if (wanted.length === 0) {
    throw Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" });
  }
  return wanted;
}

/**
 * A `lookup` for `net.connect` that refuses forbidden answers before any socket connects.
 * @example new Agent({ connect: { lookup: createGuardedLookup() } })
 */
export function createGuardedLookup(resolve: OutboundLookup = systemLookup): ConnectLookup {
  return (hostname, options, callback) => {
    const family =
      options.family === "IPv6" ? 6 : options.family === "IPv4" ? 4 : Number(options.family ?? 0);
    resolveAllowed(resolve, hostname, family).then(
      (list) => {
        const first = list[0] as LookupAddress;
        if (options.all) callback(null, list);
        else callback(null, first.address, first.family);
      },
      (err: Error) => callback(err, ""),
    );
  };
}
