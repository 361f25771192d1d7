// The receive pipeline's steps in-process: each policy check, the held-connection cap, the
// route, the outgoing headers, the peer policy and buildDelivery (with the real catalog and
// chain tracker behind `arrive`).
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, type TlsInfo } from "../../server/contract/index.ts";
import { createCatalog } from "../../server/core/catalog/index.ts";
import { createChainTracker } from "../../server/core/chains/index.ts";
import { arrive } from "../../server/receiver/arrive.ts";
import type { ReadBody } from "../../server/receiver/body.ts";
import { type Answer, buildDelivery } from "../../server/receiver/delivery.ts";
import { routeOf } from "../../server/receiver/http.ts";
import { readPeer } from "../../server/receiver/peer.ts";
import { peerPolicy } from "../../server/receiver/pipeline.ts";
import {
  type AdmitInput,
  bodySize,
  browserOrigin,
  clientCert,
  decodeLimit,
  refusal,
  signatureRequired,
} from "../../server/receiver/policy.ts";
import { defaultEndpoint, fixedResponse, responseFor } from "../../server/receiver/record.ts";
import { capHeld, createHeldSlots, HELD_CAP_NOTE, outgoingHeaders } from "../../server/receiver/respond.ts";

const body = (over: Partial<ReadBody> = {}): ReadBody => ({
  raw: Buffer.from("{}"),
  tooLarge: false,
  decoded: null,
  decodeError: null,
  ...over,
});

const admit = (over: Partial<AdmitInput> = {}): AdmitInput => ({
  id: "d1",
  origin: undefined,
  body: body(),
  bodyLimit: 1024,
  certMode: "report",
  tls: null,
  ...over,
});

const tls = (verdict: TlsInfo["clientCert"]["verdict"]): TlsInfo => ({
  protocol: "TLSv1.3",
  cipher: "TLS_AES_128_GCM_SHA256",
  servername: "localhost",
  clientCert: {
    presented: verdict !== "none",
    verdict,
    reason: "self-signed",
    authorized: false,
    authorizationError: null,
    details: null,
  },
});

const respond = { action: "respond", status: 200, headers: {}, body: null, delayMs: 0, rule: null } as const;

describe("policy checks", () => {
  it("each answers nothing for an ordinary registry delivery", () => {
    for (const check of [browserOrigin, bodySize, decodeLimit, clientCert, signatureRequired]) {
      expect(check(admit())).toBeNull();
    }
    expect(refusal(admit())).toBeNull();
  });

  it("refuses a web page's request with 403 browser-origin", () => {
    const refused = browserOrigin(admit({ origin: "http://evil.example" }));
    expect(refused?.note).toBe("browser-origin");
    expect(refused?.response.status).toBe(403);
    expect(JSON.parse(refused?.response.body ?? "{}").error.code).toBe(ERROR_CODES.BROWSER_ORIGIN);
  });

  it("refuses a body over the limit with 413 and closes the connection after the answer", () => {
    const refused = bodySize(admit({ body: body({ tooLarge: true, raw: Buffer.alloc(0) }) }));
    expect(refused?.response.status).toBe(413);
    expect(refused?.response.headers).toContainEqual(["connection", "close"]);
    expect(refused?.response.body).toContain("1024 bytes");
  });

  it("refuses a decoded body over the limit but records a merely undecodable one", () => {
    const bomb = body({ decodeError: "decoded body exceeds the body limit of 1024 bytes" });
    expect(decodeLimit(admit({ body: bomb }))?.response.status).toBe(413);
    expect(decodeLimit(admit({ body: body({ decodeError: "cannot gzip-decode the body" }) }))).toBeNull();
  });

  it("asks for a certificate (401) or refuses an untrusted one (403) only in require mode", () => {
    expect(clientCert(admit({ certMode: "require" }))?.response.status).toBe(401);
    expect(clientCert(admit({ certMode: "require", tls: tls("untrusted") }))?.response.status).toBe(403);
    expect(clientCert(admit({ certMode: "require", tls: tls("pinned") }))).toBeNull();
    expect(clientCert(admit({ certMode: "report", tls: tls("untrusted") }))).toBeNull();
  });

  it("refuses an unsigned or badly signed delivery with 401 only in require mode", () => {
    const check = (verdict: "valid" | "invalid" | "missing" | "unsigned", mode: "report" | "require") =>
      signatureRequired(admit({ signature: { check: { scheme: "x", verdict, reason: "" }, mode } }));
    expect(check("invalid", "require")?.response.status).toBe(401);
    expect(check("missing", "require")?.note).toBe("require-signature");
    expect(check("valid", "require")).toBeNull();
    expect(check("invalid", "report")).toBeNull();
  });

  it("gives the first refusal in order: origin before size before certificate", () => {
    const all = admit({
      origin: "http://evil.example",
      body: body({ tooLarge: true }),
      certMode: "require",
    });
    expect(refusal(all)?.note).toBe("browser-origin");
    expect(refusal({ ...all, origin: undefined })?.note).toBe("too-large");
    expect(refusal({ ...all, origin: undefined, body: body() })?.note).toBe("require-cert");
  });
});

describe("held-connection cap", () => {
  const delayed = (): Answer => ({
    response: responseFor({ ...respond, delayMs: 500 }, "d1"),
    proxied: null,
    held: false,
  });

  it("takes a slot for a delay and answers at once, noting the cap, when none is left", () => {
    const slots = createHeldSlots(1);
    const first = capHeld(delayed(), slots, "d1");
    expect(first).toMatchObject({ held: true, response: { delayMs: 500 } });
    const second = capHeld(delayed(), slots, "d2");
    expect(second).toMatchObject({ held: false, note: HELD_CAP_NOTE, response: { delayMs: 0, status: 200 } });
    slots.release();
    expect(capHeld(delayed(), slots, "d3").held).toBe(true);
  });

  it("answers a hang past the cap with 503 and Retry-After", () => {
    const slots = createHeldSlots(0);
    const hang = responseFor({ action: "hang", rule: null } as never, "d1");
    const answer = capHeld({ response: hang, proxied: null, held: false }, slots, "d1");
    expect(answer.response.status).toBe(503);
    expect(answer.response.headers).toContainEqual(["retry-after", "1"]);
  });

  it("leaves an immediate answer alone and takes no slot", () => {
    const slots = createHeldSlots(1);
    const now = { response: responseFor(respond, "d1"), proxied: null, held: false };
    expect(capHeld(now, slots, "d1")).toBe(now);
    expect(slots.inUse()).toBe(0);
  });
});

describe("routeOf", () => {
  it("reads the endpoint and the pinned registry/event, decoding each segment", () => {
    expect(routeOf("/hooks/ci")).toEqual({ kind: "hook", route: { endpoint: "ci", pinned: null } });
    expect(routeOf("/hooks/c%69/quay/repo_push")).toEqual({
      kind: "hook",
      route: { endpoint: "ci", pinned: { registry: "quay", event: "repo_push" } },
    });
    expect(routeOf("/hooks/a%2Fb")).toMatchObject({ route: { endpoint: "a/b" } });
    expect(routeOf("/hooks/%E0%A4%A")).toMatchObject({ route: { endpoint: "%E0%A4%A" } });
    expect(routeOf("/hooks/ci#top")).toMatchObject({ route: { endpoint: "ci", pinned: null } });
  });

  it("serves nothing else: empty segments, extra or missing ones, other prefixes", () => {
    for (const path of [
      "/",
      "/hooks",
      "/hooks/",
      "/hooks/ci/",
      "/hooks/ci/quay",
      "/hooks//x",
      "/api/x",
      "/hooks/a/b/c/d",
    ]) {
      expect(routeOf(path)).toBeNull();
    }
    expect(routeOf("/healthz")).toEqual({ kind: "health" });
  });
});

describe("outgoingHeaders", () => {
  it("lower-cases names, joins repeats, keeps Set-Cookie apart and adds the defaults", () => {
    const headers = outgoingHeaders(
      [
        ["X-Trace", "a"],
        ["x-trace", "b"],
        ["Set-Cookie", "a=1"],
        ["set-cookie", "b=2"],
      ],
      "héllo",
    );
    expect(headers).toEqual({
      "x-trace": "a, b",
      "set-cookie": ["a=1", "b=2"],
      "content-type": "text/plain; charset=UTF-8",
      "content-length": 6,
    });
  });

  it("keeps the answer's own Content-Type and Content-Length", () => {
    const record = fixedResponse(403, "X", "no", "d1", "policy");
    const headers = outgoingHeaders([...record.headers, ["Content-Length", "2"]], record.body);
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["content-length"]).toBe("2");
  });
});

describe("peerPolicy", () => {
  it("gives every unpinned endpoint the same policy, so a socket's peer is read once", () => {
    const core = { trustedCas: [] as string[] };
    const socket = { remoteAddress: "127.0.0.1", remotePort: 5000 } as Socket;
    const a = readPeer(socket, peerPolicy(core, defaultEndpoint("a", "report")));
    const b = readPeer(socket, peerPolicy(core, defaultEndpoint("b", "report")));
    expect(b).toBe(a);
    const pinned = {
      ...defaultEndpoint("c", "report"),
      clientCert: { mode: "report" as const, pins: ["AB"] },
    };
    expect(peerPolicy(core, pinned).pins).toEqual(["AB"]);
  });
});

describe("arrive + buildDelivery", () => {
  const quayPush = JSON.stringify({
    repository: "acme/app",
    namespace: "acme",
    name: "app",
    docker_url: "quay.io/acme/app",
    homepage: "https://quay.io/repository/acme/app",
    updated_tags: ["1.0"],
  });
  const request = (text: string, extra: string[] = []) => {
    const rawHeaders = ["Content-Type", "application/json", "Content-Length", String(text.length), ...extra];
    const headers: Record<string, string> = {};
    for (let i = 0; i < rawHeaders.length; i += 2) {
      headers[String(rawHeaders[i]).toLowerCase()] = String(rawHeaders[i + 1]);
    }
    return {
      url: "/hooks/ci/quay/repo_push?x=1",
      method: "POST",
      headers,
      rawHeaders,
    } as unknown as IncomingMessage;
  };
  const core = () => ({ catalog: createCatalog(), chains: createChainTracker() });
  const peer = { scheme: "http" as const, remote: { address: "127.0.0.1", port: 5000 }, tls: null };

  it("records what arrived, what it is and how it was answered", () => {
    const raw = Buffer.from(quayPush);
    const arrival = arrive(core(), {
      req: request(quayPush, ["X-Quayside-Replay-Of", "d0"]),
      route: { endpoint: "ci", pinned: { registry: "quay", event: "repo_push" } },
      settings: defaultEndpoint("ci", "report"),
      peer,
      body: body({ raw }),
      receivedMs: Date.UTC(2026, 0, 2),
    });
    const answer = { response: responseFor(respond, arrival.id), proxied: null, held: false };
    const d = buildDelivery(arrival, answer, Date.UTC(2026, 0, 2) + 3);
    expect(d).toMatchObject({
      id: arrival.id,
      receivedAt: "2026-01-02T00:00:00.000Z",
      endpoint: "ci",
      method: "POST",
      path: "/hooks/ci/quay/repo_push",
      query: "?x=1",
      body: { text: quayPush },
      size: raw.length,
      registry: "quay",
      event: "repo_push",
      repository: "acme/app",
      status: 200,
      chain: { attempt: 1 },
      replayOf: "d0",
      replays: [],
      timings: { receivedMs: Date.UTC(2026, 0, 2), storedMs: Date.UTC(2026, 0, 2) + 3 },
      clientCert: { presented: false, verdict: "none" },
    });
    expect(d.headers[0]).toEqual(["Content-Type", "application/json"]);
    for (const absent of ["decoded", "note", "signature", "sig", "bearer"])
      expect(d).not.toHaveProperty(absent);
  });

  it("records a refused oversized body as a stub sized by its Content-Length, with its note", () => {
    const arrival = arrive(core(), {
      req: request("x".repeat(5000)),
      route: { endpoint: "ci", pinned: null },
      settings: defaultEndpoint("ci", "report"),
      peer,
      body: body({ raw: Buffer.alloc(0), tooLarge: true }),
      receivedMs: Date.now(),
    });
    const refused = refusal(admit({ id: arrival.id, body: arrival.body }));
    const d = buildDelivery(
      arrival,
      { ...(refused as NonNullable<typeof refused>), proxied: null, held: false },
      0,
    );
    expect(d).toMatchObject({ size: 5000, status: 413, note: "too-large" });
    expect(d).not.toHaveProperty("signature");
  });

  it("keeps the decoded body beside the raw one, and the retry's attempt number", () => {
    const c = core();
    const settings = defaultEndpoint("ci", "report");
    const once = () =>
      arrive(c, {
        req: request(quayPush),
        route: { endpoint: "ci", pinned: null },
        settings,
        peer,
        body: body({ raw: Buffer.from([0x1f, 0x8b]), decoded: Buffer.from(quayPush) }),
        receivedMs: Date.now(),
      });
    const first = once();
    c.chains.record({
      chainId: first.chain.id,
      deliveryId: first.id,
      at: Date.now(),
      status: 503,
      registry: "quay",
      event: null,
      endpoint: "ci",
    });
    const second = buildDelivery(
      once(),
      { response: responseFor(respond, "x"), proxied: null, held: false },
      0,
    );
    expect(second.decoded).toEqual({ body: { text: quayPush }, error: null });
    expect(second.body).toEqual({ base64: Buffer.from([0x1f, 0x8b]).toString("base64") });
    expect(second.chain).toEqual({ id: first.chain.id, attempt: 2 });
  });
});
