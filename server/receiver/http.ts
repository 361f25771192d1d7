// The receiver's request handler for node:https / node:http: serves /hooks/:endpoint[/:registry/:event]
// and /healthz, nothing else. A plain handler (no framework on this path): every delivery goes
// straight from the socket into the receive pipeline.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import {
  ENDPOINT_NAME_RULE,
  ERROR_CODES,
  type ErrorCode,
  errorBody,
  isEndpointName,
} from "../contract/index.ts";
import type { Core } from "../core/index.ts";
import type { Route } from "./arrive.ts";
import { createPipeline } from "./pipeline.ts";
import { splitUrl } from "./record.ts";

/** A path segment as routers decode it (left as sent when it is not valid percent-encoding). */
function decodeSegment(segment: string): string {
  // Stryker disable next-line StringLiteral: decoding a segment without % gives it back unchanged
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * What a request path asks for: a hook (its endpoint name not yet checked), the health check,
 * or nothing served here (null).
 * @example routeOf("/hooks/ci/quay/repo_push") // { kind: "hook", endpoint: "ci", pinned: { registry: "quay", event: "repo_push" } }
 */
export function routeOf(target: string): { kind: "hook"; route: Route } | { kind: "health" } | null {
  // a fragment is never part of the route (URL parsers drop it), even when a raw client sends one
  const hash = target.indexOf("#");
  const path = hash === -1 ? target : target.slice(0, hash);
  if (path === "/healthz") return { kind: "health" };
  const parts = path.split("/");
  if (parts[1] !== "hooks" || (parts.length !== 3 && parts.length !== 5)) return null;
  if (parts.some((part, i) => i > 0 && part === "")) return null;
  // Stryker disable next-line StringLiteral: a routed path always has the endpoint segment (3 or 5 parts)
  const [, , endpoint = "", registry, event] = parts.map(decodeSegment);
  const pinned = registry !== undefined && event !== undefined ? { registry, event } : null;
  return { kind: "hook", route: { endpoint, pinned } };
}

/** A JSON answer of our own (health, errors). */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

const sendError = (res: ServerResponse, status: number, code: ErrorCode, message: string) =>
  sendJson(res, status, errorBody(code, message));

function storeFailed(res: ServerResponse, endpoint: string, error: Error): void {
  console.error(`quayside: could not store a delivery to ${endpoint}: ${error.message}`);
  sendError(res, 503, ERROR_CODES.STORE_UNAVAILABLE, "could not store the delivery; retry");
}

/** The request listener to pass to `https.createServer` / `http.createServer`. */
export function createReceiverHandler(core: Core): RequestListener {
  const pipeline = createPipeline(core, storeFailed);
  return (req: IncomingMessage, res: ServerResponse) => {
    // Stryker disable next-line StringLiteral: node:http always sets req.url on a server request
    const target = routeOf(splitUrl(req.url ?? "/").path);
    if (target?.kind === "health" && (req.method === "GET" || req.method === "HEAD")) {
      return sendJson(res, 200, { ok: true });
    }
    if (target?.kind !== "hook") {
      return sendError(
        res,
        404,
        ERROR_CODES.NOT_FOUND,
        "only /hooks/<endpoint> and /healthz are served here",
      );
    }
    if (!isEndpointName(target.route.endpoint)) {
      return sendError(res, 400, ERROR_CODES.BAD_REQUEST, ENDPOINT_NAME_RULE);
    }
    pipeline(req, res, target.route).catch((err: Error) => {
      console.error(`quayside receiver: ${err.message}`);
      sendError(res, 500, ERROR_CODES.INTERNAL, "internal error");
    });
  };
}
