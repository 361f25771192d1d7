// DNS-rebinding and CSRF defence for the console: the Host header must name this machine
// (or a configured name); the API and its WebSocket refuse anything a browser marks as sent by
// another site (any method: a GET can be costly, and its answer readable via a navigation);
// state changes anywhere need a same-origin Origin (or none); when the console is exposed
// beyond loopback a token is required, compared in constant time.
import { createHash, timingSafeEqual } from "node:crypto";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { ERROR_CODES } from "../contract/index.ts";
import { AppError } from "../errors.ts";

export interface GuardOptions {
  /** Extra host names (without port) the console answers to. */
  allowHosts: string[];
  token: string | null;
}

/** What the guard reads from a request or an upgrade. */
export interface GuardRequest {
  host?: string;
  origin?: string;
  /** The Fetch Metadata header `Sec-Fetch-Site` browsers send (cross-site, same-site, same-origin, none). */
  fetchSite?: string;
  /** "UPGRADE" for the WebSocket; upgrades are API requests. */
  method: string;
  /** The routed (decoded) path; `/api` and below are the API. */
  path?: string;
  authorization?: string;
  cookie?: string;
  queryToken?: string;
}

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"];
export const TOKEN_COOKIE = "quayside_token";
/** `same-site` is refused too: another port of this host (the receiver) is the same site. */
const FOREIGN_FETCH_SITES = new Set(["cross-site", "same-site"]);

export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.split(":")[0] ?? "";
}

export function isApiPath(path: string | undefined): boolean {
  return path === "/api" || (path?.startsWith("/api/") ?? false);
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Checks a candidate against the token without leaking, through timing, how much of it matched. */
function createTokenMatcher(token: string | null) {
  const expected = token ? sha256(token) : null;
  return (candidate: string | undefined) =>
    expected !== null && candidate !== undefined && timingSafeEqual(sha256(candidate), expected);
}

export function createGuard(options: GuardOptions) {
  const allowed = new Set([...LOOPBACK_HOSTS, ...options.allowHosts.map((h) => h.toLowerCase())]);
  const hostOk = (host: string | undefined) => !!host && allowed.has(hostName(host));
  const originOk = (origin: string | undefined, host: string | undefined) => {
    if (origin === undefined) return true;
    try {
      return new URL(origin).host.toLowerCase() === (host ?? "").toLowerCase();
    } catch {
      return false; // includes the opaque "null" of sandboxed frames and file: pages
    }
  };
  const matchesToken = createTokenMatcher(options.token);
  const tokenOk = (bearer: string | undefined, cookie: string | undefined, query: string | undefined) =>
    !options.token || [bearer?.replace(/^Bearer\s+/i, ""), cookie, query].some(matchesToken);

  /** Checks an upgrade or any request; returns the refusal or null. */
  function check(req: GuardRequest) {
    if (!hostOk(req.host))
      return { status: 403, code: ERROR_CODES.FORBIDDEN_HOST, message: "unknown Host header" };
    const changes = req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS";
    // Stryker disable next-line ConditionalExpression: an upgrade is also not GET/HEAD/OPTIONS, so it is checked as a change either way
    const api = req.method === "UPGRADE" || isApiPath(req.path);
    const foreign = FOREIGN_FETCH_SITES.has(req.fetchSite?.toLowerCase() ?? "");
    if ((api || changes) && (foreign || !originOk(req.origin, req.host))) {
      return { status: 403, code: ERROR_CODES.FORBIDDEN_ORIGIN, message: "cross-site request refused" };
    }
    if (!tokenOk(req.authorization, req.cookie, req.queryToken)) {
      return { status: 401, code: ERROR_CODES.UNAUTHORIZED, message: "this console needs its token" };
    }
    return null;
  }

  const middleware = createMiddleware(async (c, next) => {
    const queryToken = c.req.query("token");
    const problem = check({
      host: c.req.header("host"),
      origin: c.req.header("origin"),
      fetchSite: c.req.header("sec-fetch-site"),
      method: c.req.method,
      path: c.req.path,
      authorization: c.req.header("authorization"),
      cookie: getCookie(c, TOKEN_COOKIE),
      queryToken,
    });
    if (problem) throw new AppError(problem.status as 401 | 403, problem.code, problem.message);
    if (options.token && matchesToken(queryToken)) {
      c.header("set-cookie", `${TOKEN_COOKIE}=${options.token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    await next();
  });

  return { middleware, check };
}
