// DNS-rebinding and CSRF defence for the console: the Host header must name this machine
// (or a configured name), state changes need a same-origin Origin (or none) and JSON, and
// when the console is exposed beyond loopback a token is required.
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { ERROR_CODES } from "../contract/index.ts";
import { AppError } from "../errors.ts";

export interface GuardOptions {
  /** Extra host names (without port) the console answers to. */
  allowHosts: string[];
  token: string | null;
}

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"];
export const TOKEN_COOKIE = "quayside_token";

export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.split(":")[0] ?? "";
}

export function createGuard(options: GuardOptions) {
  const allowed = new Set([...LOOPBACK_HOSTS, ...options.allowHosts.map((h) => h.toLowerCase())]);
  const hostOk = (host: string | undefined) => !!host && allowed.has(hostName(host));
  const originOk = (origin: string | undefined, host: string | undefined) => {
    if (origin === undefined) return true;
    try {
      return new URL(origin).host.toLowerCase() === (host ?? "").toLowerCase();
    } catch {
      return false;
    }
  };
  const tokenOk = (bearer: string | undefined, cookie: string | undefined, query: string | undefined) =>
    !options.token || [bearer?.replace(/^Bearer\s+/i, ""), cookie, query].includes(options.token);

  /** Checks an upgrade or any request; returns an error message or null. */
  function check(req: {
    host?: string;
    origin?: string;
    method: string;
    authorization?: string;
    cookie?: string;
    queryToken?: string;
  }) {
    if (!hostOk(req.host))
      return { status: 403, code: ERROR_CODES.FORBIDDEN_HOST, message: "unknown Host header" };
    const changes = req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS";
    if ((changes || req.method === "UPGRADE") && !originOk(req.origin, req.host)) {
      return { status: 403, code: ERROR_CODES.FORBIDDEN_ORIGIN, message: "cross-origin request refused" };
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
      method: c.req.method,
      authorization: c.req.header("authorization"),
      cookie: getCookie(c, TOKEN_COOKIE),
      queryToken,
    });
    if (problem) throw new AppError(problem.status as 401 | 403, problem.code, problem.message);
    if (options.token && queryToken === options.token) {
      c.header("set-cookie", `${TOKEN_COOKIE}=${options.token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    await next();
  });

  return { middleware, check };
}
