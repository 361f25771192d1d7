// GET /api/deliveries/:id/export, /api/export and /api/diff: captures turned into docs
// material (JSON, raw, Markdown, curl, fixture, HAR, samples) and two deliveries compared.
import { type Context, Hono } from "hono";
import { type DeliveryDetail, ERROR_CODES } from "../../contract/index.ts";
import { AppError, errorResponse } from "../../errors.ts";
import {
  diffDeliveries,
  type ExportFile,
  type ExportOptions,
  exportDelivery,
  exportMany,
  isManyFormat,
  isSingleFormat,
  MANY_FORMATS,
  SINGLE_FORMATS,
} from "../../export/index.ts";
import { PatternError, parsePattern } from "../../export/prepare.ts";
import type { Store } from "../../store/types.ts";
import { downloadHeaders } from "../headers.ts";
import { readFilter } from "./deliveries.ts";

export interface ExportApiDeps {
  store: Store;
  /** The receiver's base URL that reproduced requests (curl, HAR) should target. */
  baseUrl: () => string;
}

/** Deliveries one "export all" reads; keeps a HAR or bundle to a size a browser can hold. */
export const EXPORT_MANY_LIMIT = 1000;

/** `pattern=` parameters one export takes; each one is another pass over every text. */
export const MAX_PATTERNS = 20;

const bad = (message: string) => new AppError(400, ERROR_CODES.BAD_REQUEST, message);

function flag(c: Context, name: string, fallback: boolean): boolean {
  const value = c.req.query(name);
  if (value === undefined || value === "") return fallback;
  if (/^(?:true|1|yes|on)$/i.test(value)) return true;
  if (/^(?:false|0|no|off)$/i.test(value)) return false;
  throw bad(`${name} must be true or false`);
}

/** Options from the query: redact (default true), normalize, and repeated `pattern=`. */
function readOptions(c: Context, baseUrl: string): ExportOptions {
  const patterns = c.req.queries("pattern") ?? [];
  if (patterns.length > MAX_PATTERNS) throw bad(`at most ${MAX_PATTERNS} pattern= parameters`);
  for (const p of patterns) {
    try {
      parsePattern(p);
    } catch (error) {
      throw bad(
        error instanceof PatternError ? error.message : "a pattern is not a valid regular expression",
      );
    }
  }
  return {
    redact: flag(c, "redact", true),
    normalize: flag(c, "normalize", false),
    baseUrl,
    extraPatterns: patterns,
  };
}

/**
 * Every export is a download, whatever `download=` says (kept for old links): `raw` carries the
 * sender's own Content-Type, and even Markdown or JSON must never render on the console's origin.
 */
function send(c: Context, file: ExportFile) {
  flag(c, "download", false);
  const filename = file.filename.replace(/^fixtures\//, "").replace(/\//g, "-");
  const body = typeof file.body === "string" ? file.body : new Uint8Array(file.body);
  return c.body(body, 200, {
    "content-type": file.contentType,
    ...downloadHeaders(filename),
    "x-quayside-filename": file.filename,
  });
}

/**
 * The export routes, relative to /api.
 * @example app.route("/api", createExportApi({ store, baseUrl: () => "https://localhost:8443" }))
 */
export function createExportApi(deps: ExportApiDeps) {
  const app = new Hono();
  const mustGet = async (id: string): Promise<DeliveryDetail> => {
    const delivery = await deps.store.get(id);
    if (!delivery) throw new AppError(404, ERROR_CODES.NOT_FOUND, `no delivery ${id}`);
    return delivery;
  };

  app.get("/deliveries/:id/export", async (c) => {
    const format = c.req.query("format") ?? "json";
    if (!isSingleFormat(format)) throw bad(`format must be one of ${SINGLE_FORMATS.join(", ")}`);
    const options = readOptions(c, deps.baseUrl());
    return send(c, exportDelivery(await mustGet(c.req.param("id")), format, options));
  });

  app.get("/export", async (c) => {
    const format = c.req.query("format") ?? "";
    if (!isManyFormat(format)) throw bad(`format must be one of ${MANY_FORMATS.join(", ")}`);
    const options = readOptions(c, deps.baseUrl());
    const page = await deps.store.list(
      readFilter((k) => c.req.query(k)),
      EXPORT_MANY_LIMIT,
    );
    const details = await Promise.all(page.items.map((s) => deps.store.get(s.id)));
    const found = details.filter((d): d is DeliveryDetail => d !== undefined);
    return send(c, exportMany(found, format, options));
  });

  app.get("/diff", async (c) => {
    const a = c.req.query("a");
    const b = c.req.query("b");
    if (!a || !b) throw bad("give two delivery ids: ?a=ID&b=ID");
    return c.json(diffDeliveries(await mustGet(a), await mustGet(b)));
  });

  app.onError(errorResponse);
  return app;
}
