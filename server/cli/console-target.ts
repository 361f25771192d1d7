// Which console the client commands (send, wait, export) talk to, and what to tell the user when
// it cannot be reached or refuses them. The URL comes from the same settings `serve` reads, so a
// console started with QUAYSIDE_CONSOLE_PORT or quayside.config.json is found without --console.
import { type Config, ConfigError, isLoopback } from "../config.ts";

export interface ConsoleTarget {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:4400. */
  url: string;
  token: string | null;
}

/** A wildcard bind address is reached on loopback from this machine. */
function reachableHost(host: string): string {
  if (host === "" || host === "0.0.0.0") return "127.0.0.1";
  if (host === "::" || host === "[::]") return "[::1]";
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/**
 * The console URL: `--console` when given, else the resolved consoleHost/consolePort
 * (QUAYSIDE_CONSOLE_* > quayside.config.json > 127.0.0.1:4400). The token is resolved by the caller
 * through resolveConfig, so --token > QUAYSIDE_TOKEN > config file holds there too.
 * @example consoleTarget(undefined, resolveConfig({}, { QUAYSIDE_CONSOLE_PORT: "4401" })).url // "http://127.0.0.1:4401"
 */
export function consoleTarget(flag: string | undefined, config: Readonly<Config>): ConsoleTarget {
  if (flag !== undefined) {
    let url: URL;
    try {
      url = new URL(flag);
    } catch {
      throw new ConfigError(`--console: not a URL: "${flag}" (e.g. http://127.0.0.1:4400)`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new ConfigError(`--console: expected an http:// or https:// URL, got "${flag}"`);
    return { url: flag.replace(/\/+$/, ""), token: config.token };
  }
  if (config.consolePort === 0) {
    throw new ConfigError(
      "the console port is set to 0 (any free port): pass --console with the URL the start-up banner printed",
    );
  }
  return { url: `http://${reachableHost(config.consoleHost)}:${config.consolePort}`, token: config.token };
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ETIMEDOUT: "connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_SOCKET: "connection closed",
};

/** Why a fetch failed, in words: fetch's own message ("fetch failed") says nothing. */
function reasonOf(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return "no answer in time";
  const code = e?.cause?.code;
  if (code && Object.hasOwn(REASONS, code)) return REASONS[code] as string;
  if (code) return code;
  return e?.cause?.message ?? e?.message ?? String(error);
}

/**
 * One line naming the console tried and what to check.
 * @example unreachable("http://127.0.0.1:4401", err) // "could not reach the console at http://127.0.0.1:4401: connection refused — is `quayside serve` running there? ..."
 */
export function unreachable(url: string, error: unknown): string {
  const local = (() => {
    try {
      return isLoopback(new URL(url).hostname.replace(/^\[|\]$/g, ""));
    } catch {
      return false;
    }
  })();
  const where = local ? "running there" : "reachable there";
  return `could not reach the console at ${url}: ${reasonOf(error)} — is \`quayside serve\` ${where}? set --console or QUAYSIDE_CONSOLE_PORT`;
}

/** The message for a 401/403 from the console. */
export function refused(url: string, status: number, hadToken: boolean): string {
  if (status === 401) {
    const which = hadToken ? "the token is wrong" : "the token is missing";
    return `the console at ${url} refused the request (401): ${which} — set --token or QUAYSIDE_TOKEN to the token \`quayside serve\` was started with`;
  }
  return `the console at ${url} refused the request (${status}): it does not accept this host name — use the URL the start-up banner printed, or start it with --allow-host`;
}
