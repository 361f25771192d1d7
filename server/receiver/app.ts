// createReceiverApp: the door registries knock on. Serves /hooks/:endpoint[/:registry/:event]
// and /healthz, nothing else. Record first, judge second: every request is stored before it
// is answered, whatever is wrong with it.
import type { IncomingMessage } from "node:http";
import type { HttpBindings } from "@hono/node-server";
import { type Context, Hono } from "hono";
import type {
  DeliveryDetail,
  EndpointSettings,
  ForwardSettings,
  ReplayResult,
  ResponseRecord,
} from "../contract/index.ts";
import { ERROR_CODES } from "../contract/index.ts";
import { chainKey } from "../core/chains/index.ts";
import { endpointView } from "../core/endpoints.ts";
import type { Core } from "../core/index.ts";
import type { DecideContext } from "../core/rules/index.ts";
import { checkSignature } from "../core/signatures/index.ts";
import { bearerClaims } from "../core/signatures/oidc.ts";
import { toSummary } from "../store/summary.ts";
import { refusal } from "./admit.ts";
import { readBody, toPayload } from "./body.ts";
import { readPeer } from "./peer.ts";
import {
  certSummary,
  defaultEndpoint,
  newDeliveryId,
  proxiedResponse,
  rawHeaderPairs,
  responseFor,
  splitUrl,
  validationRecord,
} from "./record.ts";
import { applyResponse, createHeldSlots, HELD_CAP_NOTE, holds, lingerOnClose, unheld } from "./respond.ts";

const ENDPOINT_NAME = /^[A-Za-z0-9._-]{1,64}$/;

type Env = { Bindings: HttpBindings };

/** A forward presents Quayside's client certificate only when its settings ask for it. */
const presented = (forward: ForwardSettings) =>
  ({ clientCert: forward.clientCert ? "quayside" : "none" }) as const;

/** What proxy mode sends on: the request as it arrived. */
type ForwardedRequest = Pick<DeliveryDetail, "id" | "method" | "path" | "query" | "headers" | "body">;

export function createReceiverApp(core: Core) {
  const app = new Hono<Env>();
  const { store, hub, catalog, rules, chains, config } = core;
  const heldSlots = createHeldSlots(config.maxHeld);

  /** Mirror: the delivery also goes to the user's service; its answer is recorded as a replay. */
  async function mirror(forward: ForwardSettings, stored: DeliveryDetail) {
    const result = await core.replayer.send(stored, { target: forward.url, ...presented(forward) });
    await store.addReplay(stored.id, result).catch(() => {});
    const summary = store.summary(stored.id);
    if (summary) hub.publish({ type: "delivery-updated", delivery: summary });
  }

  /** The rules' answer (or, in proxy mode, the user's service's) for an accepted delivery. */
  async function answerAccepted(
    settings: EndpointSettings,
    input: { id: string; ctx: DecideContext; query: string; request: ForwardedRequest },
  ): Promise<{ response: ResponseRecord; proxied: ReplayResult | null }> {
    const query = input.query === "" ? undefined : new URLSearchParams(input.query);
    const decision = rules.decide(settings.rules, input.ctx, query);
    if (settings.forward?.mode === "proxy" && decision.action === "respond" && decision.rule === null) {
      // Proxy: the registry gets the user's service's answer; both sides are recorded.
      const proxied = await core.replayer.send(input.request as never, {
        target: settings.forward.url,
        ...presented(settings.forward),
      });
      return { response: proxiedResponse(proxied, input.id), proxied };
    }
    return { response: responseFor(decision, input.id), proxied: null };
  }

  async function handle(c: Context<Env>) {
    const receivedMs = Date.now();
    const incoming = c.env.incoming as IncomingMessage;
    const name = c.req.param("endpoint") ?? "";
    if (!ENDPOINT_NAME.test(name)) {
      return c.json(
        { error: { code: ERROR_CODES.BAD_REQUEST, message: "endpoint names use A-Z a-z 0-9 . _ - (1-64)" } },
        400,
      );
    }
    // Nothing is created for a name: an unconfigured endpoint has default settings (see
    // store/endpoints.ts), so a flood of new names costs no settings writes.
    const settings = store.endpoints.get(name) ?? defaultEndpoint(name, config.clientCert);
    const pinnedRegistry = c.req.param("registry");
    const pinnedEvent = c.req.param("event");
    const pinned = pinnedRegistry && pinnedEvent ? { registry: pinnedRegistry, event: pinnedEvent } : null;
    const peer = readPeer(incoming.socket, { trustedCas: core.trustedCas, pins: settings.clientCert.pins });
    const body = await readBody(incoming, config.bodyLimit);
    const headers = rawHeaderPairs(incoming);
    const contentType = incoming.headers["content-type"] ?? null;
    const shown = body.decoded ?? body.raw;
    const payload = toPayload(body.raw);
    const decoded = body.decoded ? toPayload(body.decoded) : null;
    const shownPayload = decoded ?? payload;
    const cls = catalog.classify({
      body: shown,
      ...("text" in shownPayload ? { text: shownPayload.text } : {}),
      contentType,
      headers,
      pinned,
      expected: settings.registry ? { registry: settings.registry, event: settings.event } : null,
      validation: settings.validation,
    });
    const id = newDeliveryId();
    const url = splitUrl(incoming.url ?? "/");
    // over the raw bytes as they arrived (before any gzip was undone): that is what was signed
    const signature = body.tooLarge ? null : checkSignature(headers, body.raw, settings.signature);
    const bearer = bearerClaims(headers, receivedMs);
    const { chainId, attempt } = chains.assign({
      endpoint: name,
      key: chainKey(shown, cls.senderId),
      registry: cls.registry,
      at: receivedMs,
    });

    let response: ResponseRecord;
    let proxied: ReplayResult | null = null;
    let note: string | undefined;
    // Record first: a refused request is stored too, but it reaches no rule, proxy or mirror,
    // and does not announce its endpoint (a sender cannot make the console list names at will).
    const refused = refusal({
      id,
      origin: incoming.headers.origin,
      body,
      bodyLimit: config.bodyLimit,
      certMode: settings.clientCert.mode,
      tls: peer.tls,
      ...(settings.signature ? { signature: { check: signature, mode: settings.signature.mode } } : {}),
    });
    const firstSight = !refused && store.endpoints.see(name);
    if (refused) {
      note = refused.note;
      response = refused.response;
      if (body.tooLarge) lingerOnClose(incoming.socket);
    } else {
      ({ response, proxied } = await answerAccepted(settings, {
        id,
        ctx: {
          endpoint: name,
          registry: cls.registry,
          event: cls.event,
          repository: cls.repository,
          attempt,
          chainId,
        },
        query: url.query,
        request: {
          id,
          method: incoming.method ?? "POST",
          path: url.path,
          query: url.query,
          headers,
          body: payload,
        },
      }));
    }
    // A delay or hang holds a socket: past the cap it is answered at once, and the record says so.
    const held = holds(response) && heldSlots.take();
    if (holds(response) && !held) {
      note = HELD_CAP_NOTE;
      response = unheld(response, id);
    }

    const storedMs = Date.now();
    let stored: DeliveryDetail;
    try {
      stored = await store.add({
        id,
        receivedAt: new Date(receivedMs).toISOString(),
        endpoint: name,
        method: incoming.method ?? "GET",
        path: url.path,
        query: url.query,
        headers,
        body: payload,
        ...(body.decoded || body.decodeError ? { decoded: { body: decoded, error: body.decodeError } } : {}),
        size: body.tooLarge ? Number(incoming.headers["content-length"] ?? 0) : body.raw.length,
        remote: peer.remote,
        scheme: peer.scheme,
        tls: peer.tls,
        registry: cls.registry,
        event: cls.event,
        detection: cls.detection,
        validity: cls.validity,
        issueCount: cls.issueTotal,
        validation: validationRecord(cls),
        repository: cls.repository,
        tag: cls.tag,
        digest: cls.digest,
        status: response.status,
        clientCert: certSummary(peer.tls),
        chain: { id: chainId, attempt },
        replayOf: incoming.headers["x-quayside-replay-of"]?.toString() ?? null,
        response,
        replays: proxied ? [proxied] : [],
        timings: { receivedMs, storedMs },
        ...(note ? { note } : {}),
        ...(signature ? { signature, sig: signature.verdict } : {}),
        ...(bearer ? { bearer } : {}),
      });
    } catch (e) {
      if (held) heldSlots.release();
      console.error(`quayside: could not store a delivery to ${name}: ${(e as Error).message}`);
      return c.json(
        { error: { code: ERROR_CODES.STORE_UNAVAILABLE, message: "could not store the delivery; retry" } },
        503,
      );
    }
    if (firstSight) hub.publish({ type: "endpoint", endpoint: endpointView(core, settings) });
    hub.publish({ type: "delivery", delivery: store.summary(id) ?? toSummary(stored) });
    chains.record({
      chainId,
      deliveryId: id,
      at: receivedMs,
      status: response.status,
      registry: cls.registry,
      event: cls.event,
      endpoint: name,
      attempt,
      delayMs: response.delayMs,
      hung: response.action === "hang",
    });
    if (!refused && settings.forward?.mode === "mirror") void mirror(settings.forward, stored);
    try {
      const answer = await applyResponse(response, incoming);
      return answer ?? new Response(null, { status: 499 });
    } finally {
      if (held) heldSlots.release();
    }
  }

  app.get("/healthz", (c) => c.json({ ok: true }));
  app.all("/hooks/:endpoint/:registry/:event", handle);
  app.all("/hooks/:endpoint", handle);
  app.all("*", (c) =>
    c.json(
      {
        error: {
          code: ERROR_CODES.NOT_FOUND,
          message: "only /hooks/<endpoint> and /healthz are served here",
        },
      },
      404,
    ),
  );
  app.onError((err, c) => {
    console.error(`quayside receiver: ${err.message}`);
    return c.json({ error: { code: ERROR_CODES.INTERNAL, message: "internal error" } }, 500);
  });
  return app;
}
