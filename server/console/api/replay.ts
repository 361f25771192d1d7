// POST /api/deliveries/:id/replay: send a stored delivery again (to self or a URL), with
// optional edits and client certificate; the result is stored on the delivery.
import { Hono } from "hono";
import { ERROR_CODES } from "../../contract/index.ts";
import type { Core } from "../../core/index.ts";
import { AppError, jsonBody } from "../../errors.ts";
import type { Replayer, ReplayRequest } from "../../replay/index.ts";

export function parseReplayRequest(input: unknown): ReplayRequest {
  const bad = (message: string) => new AppError(400, ERROR_CODES.BAD_REQUEST, message);
  if (!input || typeof input !== "object" || Array.isArray(input))
    throw bad('send a JSON object like { "target": "self" }');
  const o = input as Record<string, unknown>;
  if (typeof o.target !== "string" || o.target === "")
    throw bad('target is required: "self" or an http(s) URL');
  const req: ReplayRequest = { target: o.target };
  if (o.body !== undefined) {
    if (typeof o.body !== "string") throw bad("body must be a string (the exact text to send)");
    req.body = o.body;
  }
  if (o.headers !== undefined) {
    const h = o.headers;
    if (!h || typeof h !== "object" || Array.isArray(h))
      throw bad("headers must be an object of name: value");
    for (const [k, v] of Object.entries(h)) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k))
        throw bad(`"${k.slice(0, 40)}" is not a valid header name`);
      if (v !== null && (typeof v !== "string" || /[\r\n]/.test(v)))
        throw bad(`header ${k} must be a one-line string`);
    }
    req.headers = h as Record<string, string | null>;
  }
  if (o.clientCert !== undefined) {
    if (o.clientCert !== "quayside" && o.clientCert !== "none")
      throw bad('clientCert must be "quayside" or "none"');
    req.clientCert = o.clientCert;
  }
  if (o.insecure !== undefined) req.insecure = o.insecure === true;
  return req;
}

export function createReplayApi(core: Core, replayer: Replayer) {
  const app = new Hono();
  app.post("/deliveries/:id/replay", async (c) => {
    const req = parseReplayRequest(await jsonBody(c));
    const id = c.req.param("id");
    const delivery = await core.store.get(id);
    if (!delivery) throw new AppError(404, ERROR_CODES.NOT_FOUND, `no delivery ${id}`);
    const result = await replayer.replay(delivery, req);
    await core.deliveries.addReplay(id, result);
    return c.json(result);
  });
  return app;
}
