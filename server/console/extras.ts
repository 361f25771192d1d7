// API routes beyond the core ones, built from the running core (export, replay, send, certs).
import type { Hono } from "hono";
import type { Core } from "../core/index.ts";
import type { LoadedCerts } from "../tls/certs.ts";
import { createCertsApi } from "./api/certs.ts";
import { createExportApi } from "./api/export.ts";
import { createReplayApi } from "./api/replay.ts";
import { createSendApi } from "./api/send.ts";

export function consoleApis(core: Core, certs: LoadedCerts): Hono[] {
  return [
    createExportApi({ store: core.store, baseUrl: () => core.urls().https ?? core.urls().http ?? "" }),
    createReplayApi(core, core.replayer),
    createSendApi(core, certs),
    createCertsApi(certs, () => core.urls().https),
  ];
}
