// createConsoleApp: the door people use — JSON API under /api, the built UI everywhere else.
// Every request passes the guard (Host allow-list, no cross-site API use, token when exposed)
// and every response carries the console's CSP (headers.ts).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ERROR_CODES } from "../contract/index.ts";
import type { Core } from "../core/index.ts";
import { AppError, errorResponse } from "../errors.ts";
import { createDeliveriesApi } from "./api/deliveries.ts";
import { createEndpointsApi } from "./api/endpoints.ts";
import { createMiscApi } from "./api/misc.ts";
import { createGuard } from "./guard.ts";
import { securityHeaders } from "./headers.ts";

export interface ConsoleOptions {
  /** Folder of the built UI (dist/web). */
  webRoot: string;
  /** Extra API routes mounted under /api (replay, export, send, certs ...). */
  extraApis?: Hono[];
}

/** Largest JSON body the console API accepts (replay edits carry a whole webhook body). */
export const CONSOLE_BODY_LIMIT = 2 * 1024 * 1024;

export function createConsoleApp(core: Core, options: ConsoleOptions) {
  const guard = createGuard({ allowHosts: core.config.allowHost, token: core.config.token });
  const app = new Hono();
  // First, so the policy also covers the guard's refusals.
  app.use("*", securityHeaders);
  app.use("*", guard.middleware);
  app.use("/api/*", bodyLimit({ maxSize: CONSOLE_BODY_LIMIT }));

  const api = new Hono();
  api.route("/", createDeliveriesApi(core));
  api.route("/", createEndpointsApi(core));
  api.route("/", createMiscApi(core));
  for (const extra of options.extraApis ?? []) api.route("/", extra);
  api.all("*", () => {
    throw new AppError(404, ERROR_CODES.NOT_FOUND, "no such API route");
  });
  app.route("/api", api);

  const indexFile = join(options.webRoot, "index.html");
  const index = () =>
    existsSync(indexFile)
      ? readFileSync(indexFile, "utf8")
      : "<!doctype html><title>Quayside</title><p>The UI is not built: run <code>npm run build:web</code>.</p>";
  app.use("/*", serveStatic({ root: options.webRoot }));
  app.get("*", (c) => c.html(index()));
  app.onError(errorResponse);
  return { app, guard };
}
