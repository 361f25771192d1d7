// /api/health, /api/catalog, /api/chains, /api/connections: read-only views of the core.
import { Hono } from "hono";
import { ERROR_CODES, type Health } from "../../contract/index.ts";
import type { Core } from "../../core.ts";
import { AppError } from "../../errors.ts";

export function createMiscApi(core: Core) {
  const app = new Hono();

  app.get("/health", (c) => {
    const urls = core.urls();
    const health: Health = {
      ok: true,
      version: core.version,
      deliveries: core.store.count(),
      urls: { https: urls.https, http: urls.http, console: urls.console },
      storeWarnings: core.store.warnings(),
    };
    return c.json(health);
  });

  app.get("/catalog", (c) => c.json(core.catalog.list()));
  app.get("/catalog/:registry/:event", (c) => {
    const entry = core.catalog.get(c.req.param("registry"), c.req.param("event"));
    if (!entry) throw new AppError(404, ERROR_CODES.NOT_FOUND, "no such event in the catalog");
    return c.json(entry);
  });

  app.get("/chains", (c) => {
    const endpoint = c.req.query("endpoint");
    return c.json(core.chains.list(endpoint ? { endpoint } : {}));
  });
  app.get("/chains/:id", (c) => {
    const chain = core.chains.get(c.req.param("id"));
    if (!chain) throw new AppError(404, ERROR_CODES.NOT_FOUND, "no such chain");
    return c.json(chain);
  });

  app.get("/connections", (c) => c.json([...core.hub.connectionEvents()].reverse()));
  return app;
}
