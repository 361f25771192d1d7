// The receive pipeline's other steps in-process: the route, the outgoing headers, the peer
// policy and buildDelivery (with the real catalog and chain tracker behind `arrive`).
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../server/contract/index.ts";
import { createCatalog } from "../../server/core/catalog/index.ts";
import { createChainTracker } from "../../server/core/chains/index.ts";
import { arrive } from "../../server/receiver/arrive.ts";
import { buildDelivery } from "../../server/receiver/delivery.ts";
import { routeOf } from "../../server/receiver/http.ts";
import { readPeer } from "../../server/receiver/peer.ts";
import { peerPolicy } from "../../server/receiver/pipeline.ts";
import { refusal } from "../../server/receiver/policy.ts";
import { defaultEndpoint, fixedResponse, responseFor } from "../../server/receiver/record.ts";
import { outgoingHeaders } from "../../server/receiver/respond.ts";
import {
  admitInputOf as admit,
  readBodyOf as body,
  RESPOND_200 as respond,
} from "../helpers/receiver-inputs.ts";

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
    const record = fixedResponse(403, ERROR_CODES.FORBIDDEN_ORIGIN, "no", "d1", "policy");
    const headers = outgoingHeaders([...record.headers, ["Content-Length", "2"]], record.body);
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["content-length"]).toBe("2");
  });

  it("writes headers named like Object's own properties as they are", () => {
    const headers = outgoingHeaders(
      [
        ["constructor", "c"],
        ["__proto__", "p"],
        ["toString", "t"],
        ["toString", "u"],
      ],
      "",
    );
    expect(Object.entries(headers)).toEqual([
      ["constructor", "c"],
      ["__proto__", "p"],
      ["tostring", "t, u"],
      ["content-type", "text/plain; charset=UTF-8"],
      ["content-length", 0],
    ]);
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
