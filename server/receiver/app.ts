// createReceiverApp: the door registries knock on. Serves /hooks/:endpoint[/:registry/:event]
// and /healthz, nothing else. Record first, judge second: every request is stored before it
// is answered, whatever is wrong with it.
import type { IncomingMessage } from "node:http";
import type { HttpBindings } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { chainKey } from "../chains.ts";
import type { DeliveryDetail, ReplayResult, ResponseRecord } from "../contract/index.ts";
import { ERROR_CODES } from "../contract/index.ts";
import type { Core } from "../core.ts";
import { endpointView } from "../endpoint-view.ts";
import { toSummary } from "../store/summary.ts";
import { readBody, toPayload } from "./body.ts";
import { readPeer } from "./peer.ts";
import {
  certSummary,
  defaultEndpoint,
  fixedResponse,
  newDeliveryId,
  proxiedResponse,
  rawHeaderPairs,
  responseFor,
  splitUrl,
  validationRecord,
} from "./record.ts";
import { applyResponse } from "./respond.ts";

const ENDPOINT_NAME = /^[A-Za-z0-9._-]{1,64}$/;

type Env = { Bindings: HttpBindings };

export function createReceiverApp(core: Core) {
  const app = new Hono<Env>();
  const { store, hub, catalog, rules, chains, config } = core;

  async function endpointSettings(name: string) {
    const known = store.endpoints.get(name);
    if (known) return known;
    const created = await store.endpoints.put(defaultEndpoint(name, config.clientCert));
    hub.publish({ type: "endpoint", endpoint: endpointView(core, created) });
    return created;
  }

  /** Mirror: the delivery also goes to the user's service; its answer is recorded as a replay. */
  async function mirror(url: string, stored: DeliveryDetail) {
    const result = await core.replayer.send(stored, { target: url });
    await store.addReplay(stored.id, result).catch(() => {});
    const summary = store.summary(stored.id);
    if (summary) hub.publish({ type: "delivery-updated", delivery: summary });
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
    const settings = await endpointSettings(name);
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
      pinned,
      expected: settings.registry ? { registry: settings.registry, event: settings.event } : null,
    });
    const id = newDeliveryId();
    const url = splitUrl(incoming.url ?? "/");
    const { chainId, attempt } = chains.assign({
      endpoint: name,
      key: chainKey(shown, cls.senderId),
      registry: cls.registry,
      at: receivedMs,
    });

    let response: ResponseRecord;
    let proxied: ReplayResult | null = null;
    let note: string | undefined;
    const verdict = peer.tls?.clientCert.verdict ?? "none";
    if (incoming.headers.origin !== undefined) {
      // Registries never send Origin; a browser page does (cross-site request to the LAN).
      note = "browser-origin";
      response = fixedResponse(
        403,
        ERROR_CODES.BROWSER_ORIGIN,
        "requests from web pages are not accepted",
        id,
        "policy",
      );
    } else if (body.tooLarge) {
      note = "too-large";
      response = fixedResponse(
        413,
        ERROR_CODES.BODY_TOO_LARGE,
        `body over the limit of ${config.bodyLimit} bytes`,
        id,
        "limit",
      );
      // the rest of the upload is not read: end the connection after answering
      response.headers.push(["connection", "close"]);
    } else if (body.decodeError?.includes("limit")) {
      note = "too-large";
      response = fixedResponse(413, ERROR_CODES.BODY_TOO_LARGE, body.decodeError, id, "limit");
    } else if (settings.clientCert.mode === "require" && (verdict === "none" || verdict === "untrusted")) {
      note = "require-cert";
      response =
        verdict === "none"
          ? fixedResponse(
              401,
              ERROR_CODES.CLIENT_CERT_REQUIRED,
              "this endpoint requires a TLS client certificate",
              id,
              "policy",
            )
          : fixedResponse(
              403,
              ERROR_CODES.CLIENT_CERT_UNTRUSTED,
              `client certificate not accepted: ${peer.tls?.clientCert.reason ?? "untrusted"}`,
              id,
              "policy",
            );
    } else {
      const decision = rules.decide(
        settings.rules,
        {
          endpoint: name,
          registry: cls.registry,
          event: cls.event,
          repository: cls.repository,
          attempt,
          chainId,
        },
        url.query === "" ? undefined : new URLSearchParams(url.query),
      );
      response = responseFor(decision, id);
      if (settings.forward?.mode === "proxy" && decision.action === "respond" && decision.rule === null) {
        // Proxy: the registry gets the user's service's answer; both sides are recorded.
        proxied = await core.replayer.send(
          {
            id,
            method: incoming.method ?? "POST",
            path: url.path,
            query: url.query,
            headers,
            body: payload,
          } as never,
          { target: settings.forward.url },
        );
        response = proxiedResponse(proxied, id);
      }
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
      });
    } catch (e) {
      console.error(`quayside: could not store a delivery to ${name}: ${(e as Error).message}`);
      return c.json(
        { error: { code: ERROR_CODES.STORE_UNAVAILABLE, message: "could not store the delivery; retry" } },
        503,
      );
    }
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
    if (settings.forward?.mode === "mirror") void mirror(settings.forward.url, stored);
    const answer = await applyResponse(response, incoming);
    return answer ?? new Response(null, { status: 499 });
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
