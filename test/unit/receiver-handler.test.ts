// The receiver's request handler before the pipeline (the health check, unknown paths, bad
// endpoint names), its own JSON answers, and the record pieces arrive and buildDelivery add.
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { ENDPOINT_NAME_RULE, type ReplayResult } from "../../server/contract/index.ts";
import { createCatalog } from "../../server/core/catalog/index.ts";
import { createChainTracker } from "../../server/core/chains/index.ts";
import type { Core } from "../../server/core/index.ts";
import { arrive } from "../../server/receiver/arrive.ts";
import { type Arrival, buildDelivery } from "../../server/receiver/delivery.ts";
import { createReceiverHandler, sendJson } from "../../server/receiver/http.ts";
import { defaultEndpoint, responseFor } from "../../server/receiver/record.ts";
import { RESPOND_200, readBodyOf } from "../helpers/receiver-inputs.ts";

function response(state: { headersSent?: boolean; destroyed?: boolean } = {}) {
  const written: unknown[] = [];
  const res = {
    headersSent: false,
    destroyed: false,
    ...state,
    writeHead: (...args: unknown[]) => written.push(args),
    end: (body: string) => written.push(body),
  } as unknown as ServerResponse;
  return { res, written };
}

const handler = createReceiverHandler({ store: {}, config: { maxHeld: 1 } } as unknown as Core);
const answerTo = (method: string, url: string) => {
  const { res, written } = response();
  handler({ method, url } as IncomingMessage, res);
  return { status: (written[0] as unknown[])[0], body: JSON.parse(written[1] as string) };
};

describe("receiver handler before the pipeline", () => {
  it("answers GET and HEAD /healthz with 200 {ok:true}, and nothing else there", () => {
    expect(answerTo("GET", "/healthz")).toEqual({ status: 200, body: { ok: true } });
    expect(answerTo("HEAD", "/healthz")).toEqual({ status: 200, body: { ok: true } });
    expect(answerTo("POST", "/healthz")).toMatchObject({
      status: 404,
      body: { error: { code: "not_found" } },
    });
  });

  it("refuses a bad endpoint name with 400 whatever the method", () => {
    for (const method of ["GET", "HEAD", "POST"]) {
      expect(answerTo(method, "/hooks/bad%20name")).toEqual({
        status: 400,
        body: { error: { code: "bad_request", message: ENDPOINT_NAME_RULE } },
      });
    }
    expect(answerTo("GET", "/elsewhere").status).toBe(404);
  });

  it("writes JSON with its type and byte length, and nothing once the answer is started or gone", () => {
    const fresh = response();
    sendJson(fresh.res, 201, { name: "é" });
    expect(fresh.written).toEqual([
      [201, { "content-type": "application/json", "content-length": 13 }],
      '{"name":"é"}',
    ]);
    for (const state of [{ headersSent: true }, { destroyed: true }]) {
      const late = response(state);
      sendJson(late.res, 500, { ok: false });
      expect(late.written).toEqual([]);
    }
  });
});

describe("arrive and buildDelivery extras", () => {
  const quayPush = JSON.stringify({
    repository: "acme/app",
    namespace: "acme",
    name: "app",
    docker_url: "quay.io/acme/app",
    homepage: "https://quay.io/repository/acme/app",
    updated_tags: ["1.0"],
  });

  it("classifies against the endpoint's expected registry and event", () => {
    const req = {
      url: "/hooks/ci",
      method: "POST",
      headers: { "content-type": "application/json" },
      rawHeaders: ["Content-Type", "application/json"],
    } as unknown as IncomingMessage;
    const settings = { ...defaultEndpoint("ci", "report"), registry: "harbor", event: "PUSH_ARTIFACT" };
    const arrival = arrive(
      { catalog: createCatalog(), chains: createChainTracker() },
      {
        req,
        route: { endpoint: "ci", pinned: null },
        settings: settings as never,
        peer: { scheme: "http", remote: { address: "127.0.0.1", port: 1 }, tls: null },
        body: readBodyOf({ raw: Buffer.from(quayPush) }),
        receivedMs: 0,
      },
    );
    expect(arrival.cls).toMatchObject({ registry: "harbor", event: "PUSH_ARTIFACT", detection: "pinned" });
  });

  it("keeps the bearer claims and the proxied answer as the first replay", () => {
    const proxied = { status: 204, headers: [], body: "" } as unknown as ReplayResult;
    const bearer = { issuer: "https://issuer.example", audience: null } as Arrival["bearer"];
    const arrival = {
      id: "d1",
      receivedMs: 0,
      body: readBodyOf(),
      cls: { issues: [], issueTotal: 0, issueTotalAtLeast: false, confidence: null },
      peer: { scheme: "http", remote: { address: "127.0.0.1", port: 1 }, tls: null },
      signature: null,
      bearer,
    } as unknown as Arrival;
    const d = buildDelivery(arrival, { response: responseFor(RESPOND_200, "d1"), proxied, held: false }, 1);
    expect(d.bearer).toBe(bearer);
    expect(d.replays).toEqual([proxied]);
  });
});
