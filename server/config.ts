// resolveConfig: defaults < quayside.config.json < QUAYSIDE_* environment < flags, validated
// and frozen. The only reader of process.env (main.ts passes it in).
import { readFileSync } from "node:fs";
import type { ClientCertMode } from "./contract/index.ts";
import { KEY_TYPES, type KeyType } from "./tls/pki.ts";

export interface Config {
  httpsPort: number;
  httpPort: number | null;
  consolePort: number;
  host: string;
  consoleHost: string;
  data: string;
  certs: string;
  clientCert: ClientCertMode;
  retention: number;
  bodyLimit: number;
  san: string[];
  token: string | null;
  serverCert: string | null;
  serverKey: string | null;
  /** Extra Host names the console accepts (besides loopback names). */
  allowHost: string[];
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  handshakeTimeoutMs: number;
  maxConnections: number;
  /** Key algorithm of generated certificates: "ec" (ECDSA P-256) or "rsa" (RSA-2048, for old clients). */
  keyType: KeyType;
  /** Requests the receiver may keep waiting at once (rule or `?delay=` delays, hangs). */
  maxHeld: number;
}

export const DEFAULTS: Config = {
  httpsPort: 8443,
  httpPort: 8080,
  consolePort: 4400,
  host: "0.0.0.0",
  consoleHost: "127.0.0.1",
  data: ".quayside",
  certs: "certs",
  clientCert: "report",
  retention: 10_000,
  bodyLimit: 1024 * 1024,
  san: [],
  token: null,
  serverCert: null,
  serverKey: null,
  allowHost: [],
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  handshakeTimeoutMs: 10_000,
  maxConnections: 1000,
  keyType: "ec",
  // a tenth of maxConnections: delays and hangs asked for by any LAN sender never starve the rest
  maxHeld: 100,
};

/** Raised for a bad setting; the message names the flag to change. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Kind = "port" | "int" | "string" | "list" | "mode" | "bool" | "keyType";
const KINDS: Record<keyof Config, Kind> = {
  httpsPort: "port",
  httpPort: "port",
  consolePort: "port",
  host: "string",
  consoleHost: "string",
  data: "string",
  certs: "string",
  clientCert: "mode",
  retention: "int",
  bodyLimit: "int",
  san: "list",
  token: "string",
  serverCert: "string",
  serverKey: "string",
  allowHost: "list",
  headersTimeoutMs: "int",
  requestTimeoutMs: "int",
  handshakeTimeoutMs: "int",
  maxConnections: "int",
  keyType: "keyType",
  maxHeld: "int",
};

const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const envName = (key: string) => `QUAYSIDE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

function coerce(key: keyof Config, raw: unknown, source: string): unknown {
  const kind = KINDS[key];
  const where = `${source} (${flagName(key)})`;
  if (kind === "list") {
    if (Array.isArray(raw)) return raw.map(String);
    return String(raw)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (kind === "port" || kind === "int") {
    const n = typeof raw === "number" ? raw : Number(String(raw).trim());
    const max = kind === "port" ? 65535 : Number.MAX_SAFE_INTEGER;
    if (!Number.isInteger(n) || n < 0 || n > max) {
      throw new ConfigError(
        `${where}: expected ${kind === "port" ? "a port 0-65535" : "a whole number"}, got "${raw}"`,
      );
    }
    return n;
  }
  if (kind === "mode") {
    if (raw !== "off" && raw !== "report" && raw !== "require") {
      throw new ConfigError(`${where}: expected off, report or require, got "${raw}"`);
    }
    return raw;
  }
  if (kind === "keyType") {
    if (!KEY_TYPES.includes(raw as KeyType))
      throw new ConfigError(`${where}: expected ec or rsa, got "${raw}"`);
    return raw;
  }
  return raw === null ? null : String(raw);
}

function readFileConfig(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    return parsed as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`${path}: not a JSON object (${(e as Error).message})`);
  }
}

/**
 * Merge every source and validate.
 * @example resolveConfig({ httpsPort: 0 }, process.env, "quayside.config.json")
 */
export function resolveConfig(
  flags: Partial<Record<keyof Config, unknown>>,
  env: Record<string, string | undefined> = {},
  file: string | null = "quayside.config.json",
): Readonly<Config> {
  const merged: Record<string, unknown> = { ...DEFAULTS };
  const fromFile = file ? readFileConfig(file) : {};
  for (const [key, value] of Object.entries(fromFile)) {
    if (!Object.hasOwn(KINDS, key)) throw new ConfigError(`${file}: unknown setting "${key}"`);
    merged[key] = coerce(key as keyof Config, value, file ?? "config file");
  }
  for (const key of Object.keys(KINDS) as (keyof Config)[]) {
    const value = env[envName(key)];
    if (value !== undefined && value !== "") merged[key] = coerce(key, value, envName(key));
  }
  for (const [key, value] of Object.entries(flags)) {
    if (value === undefined || !Object.hasOwn(KINDS, key)) continue;
    merged[key] = value === false && key === "httpPort" ? null : coerce(key as keyof Config, value, "flag");
  }
  const config = merged as unknown as Config;
  if (!isLoopback(config.consoleHost) && !config.token) {
    throw new ConfigError(
      `--console-host ${config.consoleHost} exposes the console beyond this machine: also set --token (or QUAYSIDE_TOKEN)`,
    );
  }
  if ((config.serverCert === null) !== (config.serverKey === null)) {
    throw new ConfigError("--server-cert and --server-key go together: set both or neither");
  }
  if (config.bodyLimit < 1) throw new ConfigError("--body-limit must be at least 1 byte");
  if (config.retention < 1) throw new ConfigError("--retention must be at least 1");
  return Object.freeze(config);
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host);
}

export const OPTION_TABLE = Object.keys(KINDS).map((key) => ({
  key,
  flag: flagName(key),
  env: envName(key),
  default: DEFAULTS[key as keyof Config],
}));
