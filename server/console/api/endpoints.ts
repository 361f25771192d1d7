// /api/endpoints: settings per endpoint (expected registry/event, client-certificate policy,
// response rules, forwarding, shared secret) with the URLs to paste into each registry.
import { Hono } from "hono";
import {
  ENDPOINT_NAME_RULE,
  type EndpointSettings,
  ERROR_CODES,
  type ForwardSettings,
  isEndpointName,
  REGISTRY_IDS,
  type RegistryId,
  type SignatureSettings,
  VALIDATION_MODES,
  type ValidationMode,
} from "../../contract/index.ts";
import { defaultEndpoint } from "../../core/endpoints.ts";
import type { Core } from "../../core/index.ts";
import { validateRules } from "../../core/rules/index.ts";
import { maskSecret } from "../../core/signatures/index.ts";
import { AppError, jsonBody } from "../../errors.ts";
import { parseTarget } from "../../outbound/index.ts";

const FINGERPRINT = /^([0-9a-f]{2}:?){31}[0-9a-f]{2}$/i;
/** An HTTP field name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const MAX_SECRET = 512;
/** Longest forward target; a URL longer than this is a mistake. */
const MAX_FORWARD_URL = 2048;

/**
 * The `signature` member of a PUT body; null removes the secret. Views only ever carry the
 * masked secret, so a PUT sending that mask back (the console saving other fields) keeps the
 * stored one.
 */
function parseSignature(input: unknown, current: SignatureSettings | undefined): SignatureSettings | null {
  const bad = (msg: string) => new AppError(400, ERROR_CODES.BAD_REQUEST, msg);
  if (input === null) return null;
  if (typeof input !== "object" || Array.isArray(input)) {
    throw bad("signature must be an object { secret, mode, header? } or null");
  }
  const sig = input as { secret?: unknown; mode?: unknown; header?: unknown };
  const keep = current !== undefined && sig.secret === maskSecret(current.secret);
  const secret = keep ? current.secret : sig.secret;
  if (typeof secret !== "string" || secret.length < 1 || secret.length > MAX_SECRET) {
    throw bad(`signature.secret must be a string of 1 to ${MAX_SECRET} characters`);
  }
  if (!keep && secret.startsWith("••••••")) {
    throw bad("signature.secret is a masked value; send the secret itself");
  }
  const mode = sig.mode ?? current?.mode ?? "report";
  if (mode !== "report" && mode !== "require") throw bad("signature.mode must be report or require");
  const out: SignatureSettings = { secret, mode };
  if (sig.header !== undefined && sig.header !== null && sig.header !== "") {
    if (typeof sig.header !== "string" || !HEADER_NAME.test(sig.header)) {
      throw bad("signature.header must be an HTTP header name (letters, digits and -, up to 100)");
    }
    out.header = sig.header;
  }
  return out;
}

/**
 * The `forward` member of a PUT body; null removes forwarding. The target passes the same
 * address guard as a replay when it is saved (400 bad_target, in words), not only when the
 * first delivery is forwarded, so a refused URL is never stored.
 */
function parseForward(input: unknown): ForwardSettings | null {
  const bad = (msg: string) => new AppError(400, ERROR_CODES.BAD_REQUEST, msg);
  if (input === null) return null;
  if (typeof input !== "object" || Array.isArray(input))
    throw bad("forward must be an object { url, mode, clientCert? } or null");
  const fwd = input as { url?: unknown; mode?: unknown; clientCert?: unknown };
  if (typeof fwd.url !== "string" || fwd.url.length > MAX_FORWARD_URL)
    throw bad(`forward.url must be an http(s) URL of at most ${MAX_FORWARD_URL} characters`);
  parseTarget(fwd.url);
  if (fwd.mode !== "mirror" && fwd.mode !== "proxy") throw bad("forward.mode must be mirror or proxy");
  if (fwd.clientCert !== undefined && typeof fwd.clientCert !== "boolean")
    throw bad("forward.clientCert must be true or false");
  return { url: fwd.url, mode: fwd.mode, ...(fwd.clientCert ? { clientCert: true } : {}) };
}

function parseSettings(name: string, input: unknown, fallback: EndpointSettings): EndpointSettings {
  if (!input || typeof input !== "object" || Array.isArray(input)) {
    throw new AppError(400, ERROR_CODES.BAD_REQUEST, "endpoint settings must be a JSON object");
  }
  const body = input as Record<string, unknown>;
  const bad = (msg: string) => new AppError(400, ERROR_CODES.BAD_REQUEST, msg);
  const out: EndpointSettings = { ...fallback, name };
  if (Object.hasOwn(body, "registry")) {
    if (body.registry === null || body.registry === "") delete out.registry;
    else if (REGISTRY_IDS.includes(body.registry as RegistryId)) out.registry = body.registry as RegistryId;
    else throw bad(`registry must be one of ${REGISTRY_IDS.join(", ")}`);
  }
  if (Object.hasOwn(body, "event")) {
    if (body.event === null || body.event === "") delete out.event;
    else if (typeof body.event === "string") out.event = body.event;
    else throw bad("event must be a string");
  }
  if (Object.hasOwn(body, "clientCert")) {
    const cc = body.clientCert as { mode?: unknown; pins?: unknown } | null;
    const mode = cc?.mode ?? out.clientCert.mode;
    if (mode !== "off" && mode !== "report" && mode !== "require")
      throw bad("clientCert.mode must be off, report or require");
    const pins = cc?.pins ?? out.clientCert.pins;
    if (!Array.isArray(pins) || !pins.every((p) => typeof p === "string" && FINGERPRINT.test(p.trim()))) {
      throw bad("clientCert.pins must be SHA-256 fingerprints (64 hex digits, colons optional)");
    }
    out.clientCert = { mode, pins: pins.map((p: string) => p.trim().toUpperCase()) };
  }
  if (Object.hasOwn(body, "rules")) {
    try {
      out.rules = validateRules(body.rules);
    } catch (e) {
      throw bad(`rules: ${(e as Error).message}`);
    }
  }
  if (Object.hasOwn(body, "forward")) {
    const forward = parseForward(body.forward);
    if (forward) out.forward = forward;
    else delete out.forward;
  }
  if (Object.hasOwn(body, "validation")) {
    // null or "" goes back to the default ("lenient"), which is stored as no setting
    if (body.validation === null || body.validation === "" || body.validation === "lenient")
      delete out.validation;
    else if (VALIDATION_MODES.includes(body.validation as ValidationMode))
      out.validation = body.validation as ValidationMode;
    else throw bad(`validation must be one of ${VALIDATION_MODES.join(", ")}`);
  }
  if (Object.hasOwn(body, "signature")) {
    const signature = parseSignature(body.signature, fallback.signature);
    if (signature) out.signature = signature;
    else delete out.signature;
  }
  return out;
}

export function createEndpointsApi(core: Core) {
  const { store, deliveries, config } = core;
  const app = new Hono();

  const checkName = (name: string) => {
    if (!isEndpointName(name)) throw new AppError(400, ERROR_CODES.BAD_REQUEST, ENDPOINT_NAME_RULE);
    return name;
  };

  app.get("/endpoints", (c) => {
    const counts = store.countsByEndpoint();
    const names = new Set([...store.endpoints.list().map((e) => e.name), ...counts.keys()]);
    return c.json([...names].sort().map((name) => deliveries.endpoint(name)));
  });

  app.get("/endpoints/:name", (c) => {
    const name = checkName(c.req.param("name"));
    return c.json(deliveries.endpoint(name));
  });

  app.put("/endpoints/:name", async (c) => {
    const name = checkName(c.req.param("name"));
    const current = store.endpoints.get(name) ?? defaultEndpoint(name, config.clientCert);
    return c.json(await deliveries.saveEndpoint(parseSettings(name, await jsonBody(c), current)));
  });

  app.delete("/endpoints/:name", async (c) => {
    const name = checkName(c.req.param("name"));
    if (!(await store.endpoints.remove(name)))
      throw new AppError(404, ERROR_CODES.NOT_FOUND, `no endpoint ${name}`);
    return c.json({ deleted: name });
  });

  return app;
}
