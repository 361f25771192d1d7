// POST /api/send: the UI's "send sample" — a catalog sample sent like its registry would, to a
// Quayside endpoint or any http(s) URL.
import { Hono } from "hono";
import { ERROR_CODES, isEndpointName, REGISTRY_IDS, type RegistryId } from "../../contract/index.ts";
import type { Core } from "../../core/index.ts";
import { AppError, jsonBody } from "../../errors.ts";
import { parseTarget } from "../../outbound/index.ts";
import { sendLikeRegistry } from "../../send/index.ts";
import { readSample } from "../../send/samples.ts";
import type { LoadedCerts } from "../../tls/certs.ts";

/** A UI send never waits longer than this in total. */
const MAX_UI_ATTEMPTS = 5;

export function createSendApi(core: Core, certs: LoadedCerts) {
  const app = new Hono();
  app.post("/send", async (c) => {
    const input = (await jsonBody(c)) as Record<string, unknown>;
    const bad = (m: string) => new AppError(400, ERROR_CODES.BAD_REQUEST, m);
    const registry = input.registry as RegistryId;
    if (!REGISTRY_IDS.includes(registry)) throw bad(`registry must be one of ${REGISTRY_IDS.join(", ")}`);
    if (typeof input.event !== "string") throw bad("event is required");
    const event = input.event;
    let sample: { name: string; body: Buffer };
    try {
      sample = await readSample(registry, event, typeof input.sample === "string" ? input.sample : undefined);
    } catch (e) {
      throw new AppError(404, ERROR_CODES.NOT_FOUND, (e as Error).message);
    }
    const to = input.to as string | { endpoint?: string } | undefined;
    let url: URL;
    if (typeof to === "string") url = parseTarget(to);
    else if (to && typeof to.endpoint === "string" && isEndpointName(to.endpoint)) {
      const base = core.urls().https?.replace("localhost", "127.0.0.1");
      if (!base) throw bad("no HTTPS receiver is running");
      url = new URL(`${base}/hooks/${to.endpoint}${registry === "quay" ? `/quay/${event}` : ""}`);
    } else throw bad('to must be an http(s) URL or { "endpoint": "<name>" }');
    const retry = input.retry === undefined ? "none" : input.retry;
    if (retry !== "none" && !REGISTRY_IDS.includes(retry as RegistryId))
      throw bad("retry must be a registry id or none");
    const timeScale = input.timeScale === undefined ? 1 : Number(input.timeScale);
    if (!(timeScale > 0 && timeScale <= 1)) throw bad("timeScale must be in (0, 1]");
    const result = await sendLikeRegistry({
      registry,
      body: sample.body,
      to: url,
      retry: retry as RegistryId | "none",
      timeScale,
      maxAttempts: MAX_UI_ATTEMPTS,
      ca: [certs.ca],
      ...(registry === "quay" ? { cert: certs.client } : {}),
    });
    return c.json({ ...result, to: url.toString(), sample: sample.name });
  });
  return app;
}
