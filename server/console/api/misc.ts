// /api/health, /api/catalog, /api/presets, /api/chains, /api/connections: read-only views of the core.
import { Hono } from "hono";
import {
  ERROR_CODES,
  type Health,
  type PresetsView,
  presetsFor,
  REGISTRY_IDS,
  REGISTRY_LABELS,
  type RegistryId,
} from "../../contract/index.ts";
import { SENDER_PROFILES } from "../../core/catalog/profiles.ts";
import type { Core } from "../../core/index.ts";
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

  app.get("/presets", (c) => c.json(presetsView(c.req.query("registry"))));

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

/** Quay's own consequence of an event that never got through (REPORT §2.3). */
const AFTER_GIVING_UP: Partial<Record<RegistryId, string>> = { quay: " and disable the notification" };

function presetsView(registry: string | undefined): PresetsView {
  if (!registry) return { sender: null, presets: presetsFor(null) };
  if (!REGISTRY_IDS.includes(registry as RegistryId))
    throw new AppError(400, ERROR_CODES.BAD_REQUEST, `registry must be one of ${REGISTRY_IDS.join(", ")}`);
  const id = registry as RegistryId;
  const { attempts } = SENDER_PROFILES[id].retry;
  const givesUp =
    attempts === null
      ? null
      : `${REGISTRY_LABELS[id]} will give up after attempt ${attempts}${AFTER_GIVING_UP[id] ?? ""}.`;
  return {
    sender: { registry: id, attempts, success: SENDER_PROFILES[id].success, givesUp },
    presets: presetsFor(attempts),
  };
}
