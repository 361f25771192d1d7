// /api/deliveries: list (filters, cursor), one, its raw bytes, delete one or many.
import { Hono } from "hono";
import type { UnofficialStatusCode } from "hono/utils/http-status";
import { ERROR_CODES } from "../../contract/index.ts";
import type { Core } from "../../core/index.ts";
import { payloadBytes } from "../../core/payload.ts";
import { AppError } from "../../errors.ts";
import { readStatusFilter } from "../../store/filter.ts";
import type { ListFilter } from "../../store/types.ts";
import { downloadHeaders } from "../headers.ts";

const FILTER_KEYS = ["endpoint", "registry", "event", "validity", "status", "cert", "sig", "q"] as const;

export function readFilter(query: (key: string) => string | undefined): ListFilter {
  const filter: ListFilter = {};
  for (const key of FILTER_KEYS) {
    const value = query(key);
    if (value) filter[key] = value;
  }
  if (filter.status) readStatusFilter(filter.status); // refused here, before any work
  return filter;
}

export function createDeliveriesApi(core: Core) {
  const { store, deliveries } = core;
  const app = new Hono();

  const mustGet = async (id: string) => {
    const delivery = await store.get(id);
    if (!delivery) throw new AppError(404, ERROR_CODES.NOT_FOUND, `no delivery ${id}`);
    return delivery;
  };

  app.get("/deliveries", async (c) => {
    const limit = Number(c.req.query("limit") ?? 100);
    if (!Number.isFinite(limit) || limit < 1)
      throw new AppError(400, ERROR_CODES.BAD_REQUEST, "limit must be a positive number");
    // a search stops when its request goes away (the console aborts one superseded by new input)
    const signal = c.req.raw.signal;
    try {
      return c.json(
        await store.list(
          readFilter((k) => c.req.query(k)),
          limit,
          c.req.query("cursor"),
          signal,
        ),
      );
    } catch (e) {
      // nobody is left to read an answer; 499 is what proxies log for a client that went away
      if (signal.aborted) return c.body(null, 499 as UnofficialStatusCode);
      throw e;
    }
  });

  app.get("/deliveries/:id", async (c) => c.json(await mustGet(c.req.param("id"))));

  app.get("/deliveries/:id/raw", async (c) => {
    const delivery = await mustGet(c.req.param("id"));
    const type = delivery.headers.find(([k]) => k.toLowerCase() === "content-type")?.[1];
    // The sender's own type, but only ever as a download (see downloadHeaders).
    return c.body(new Uint8Array(payloadBytes(delivery.body)), 200, {
      "content-type": type ?? "application/octet-stream",
      ...downloadHeaders(`${delivery.id}.body`),
    });
  });

  app.delete("/deliveries/:id", async (c) => {
    const removed = await deliveries.remove([c.req.param("id")]);
    if (removed.length === 0)
      throw new AppError(404, ERROR_CODES.NOT_FOUND, `no delivery ${c.req.param("id")}`);
    return c.json({ deleted: removed });
  });

  app.delete("/deliveries", async (c) => {
    const endpoint = c.req.query("endpoint") || null;
    const removed = await deliveries.clear(endpoint);
    return c.json({ deleted: removed.length });
  });

  return app;
}
