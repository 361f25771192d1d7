// The receiver's answers, request by request over real sockets on 127.0.0.1: URL overrides,
// the body limit at its edge (announced, decoded), gzip and deflate, the policy refusals with
// their words, pinned paths, and the held-connection cap. Everything asked through the console API.
import { deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { connectLive, type LiveClient, putEndpoint, send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const LIMIT = 1024;
let server: TestServer;
let ca: string;
let live: LiveClient;

beforeAll(async () => {
  server = await startTestServer({ bodyLimit: LIMIT, maxHeld: 1 });
  ca = server.ca;
  live = await connectLive(server.console);
});
afterAll(async () => {
  live?.close();
  await server?.dispose();
});

const detail = async (id: string) =>
  (await (await fetch(`${server.console}/api/deliveries/${id}`)).json()) as DeliveryDetail & {
    decoded?: { body: { text?: string } | null; error: string | null };
  };
const post = (path: string, body: string | Buffer = "{}", headers: Record<string, string> = {}) =>
  send(`${server.https}${path}`, { body, ca, headers });
const idOf = (res: { body: string }) => JSON.parse(res.body).delivery as string;
const errorOf = (res: { body: string }) => JSON.parse(res.body).error as { code: string; message: string };

describe("receiver answers", () => {
  it("answers the URL's status and delay, and records what it applied", async () => {
    const res = await post("/hooks/ans-override?status=503");
    expect(res.status).toBe(503);
    const started = performance.now();
    const slow = await post("/hooks/ans-override?delay=150");
    expect(slow.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const stored = await detail(idOf(slow));
    expect(stored.response).toMatchObject({ status: 200, delayMs: 150, rule: "query" });
    expect(stored.query).toBe("?delay=150");
  });

  it("resets the connection for ?action=reset and records the reset", async () => {
    const failed = await post("/hooks/ans-reset?action=reset").then(
      () => null,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(failed?.code).toMatch(/ECONNRESET|EPIPE/);
    const m = await live.waitFor(
      (x) => x.type === "delivery" && (x.delivery as { endpoint: string }).endpoint === "ans-reset",
    );
    const stored = await detail((m.delivery as { id: string }).id);
    expect(stored.response.action).toBe("reset");
  });

  it("accepts a body of exactly the limit and refuses one byte more, closing the connection", async () => {
    const at = await post("/hooks/ans-limit", "x".repeat(LIMIT));
    expect(at.status).toBe(200);
    expect((await detail(idOf(at))).size).toBe(LIMIT);
    const over = await post("/hooks/ans-limit", "x".repeat(LIMIT + 1));
    expect(over.status).toBe(413);
    expect(over.headers.connection).toBe("close");
    expect(errorOf(over)).toEqual({
      code: "body_too_large",
      message: `body over the limit of ${LIMIT} bytes`,
    });
    const stored = await detail(idOf(over));
    expect(stored).toMatchObject({ note: "too-large", size: LIMIT + 1, status: 413 });
  });

  it("decodes gzip (any case) and deflate for display and keeps the raw bytes", async () => {
    const text = '{"repository":"ns/zip"}';
    for (const [encoding, bytes] of [
      [" X-GZIP ", gzipSync(text)],
      ["deflate", deflateSync(text)],
    ] as const) {
      const res = await post("/hooks/ans-zip", bytes, { "content-encoding": encoding });
      expect(res.status).toBe(200);
      const stored = await detail(idOf(res));
      expect(stored.decoded).toEqual({ body: { text }, error: null });
      expect(stored.size).toBe(bytes.length);
    }
    const plain = await detail(idOf(await post("/hooks/ans-zip", text, { "content-encoding": "br" })));
    expect(plain.decoded).toBeUndefined();
  });

  it("records a body that does not decode, and refuses one that decodes past the limit", async () => {
    const bad = await post("/hooks/ans-zip", "not gzip", { "content-encoding": "gzip" });
    expect(bad.status).toBe(200);
    expect((await detail(idOf(bad))).decoded).toEqual({ body: null, error: "cannot gzip-decode the body" });
    const bomb = await post("/hooks/ans-zip", gzipSync("a".repeat(LIMIT * 4)), {
      "content-encoding": "gzip",
    });
    expect(bomb.status).toBe(413);
    expect(errorOf(bomb)).toEqual({
      code: "body_too_large",
      message: `decoded body exceeds the body limit of ${LIMIT} bytes`,
    });
    expect((await detail(idOf(bomb))).note).toBe("too-large");
  });

  it("refuses a web page's request, saying why", async () => {
    const res = await post("/hooks/ans-web", "{}", { origin: "http://evil.example" });
    expect(res.status).toBe(403);
    expect(errorOf(res)).toEqual({
      code: "browser_origin",
      message: "requests from web pages are not accepted",
    });
    expect((await detail(idOf(res))).note).toBe("browser-origin");
  });

  it("asks for a client certificate where the endpoint requires one", async () => {
    expect(
      (await putEndpoint(server.console, "ans-cert", { clientCert: { mode: "require", pins: [] } })).ok,
    ).toBe(true);
    const res = await post("/hooks/ans-cert");
    expect(res.status).toBe(401);
    expect(errorOf(res)).toEqual({
      code: "client_cert_required",
      message: "this endpoint requires a TLS client certificate",
    });
    expect((await detail(idOf(res))).note).toBe("require-cert");
  });

  it("asks for a signature where the endpoint requires one, and only there", async () => {
    const secret = "s3cret-value-for-tests";
    expect(
      (await putEndpoint(server.console, "ans-sig", { signature: { secret, mode: "require" } })).ok,
    ).toBe(true);
    expect(
      (await putEndpoint(server.console, "ans-sig-report", { signature: { secret, mode: "report" } })).ok,
    ).toBe(true);
    const res = await post("/hooks/ans-sig");
    expect(res.status).toBe(401);
    expect(errorOf(res)).toEqual({
      code: "signature_invalid",
      message: "this endpoint requires a signature and none was sent",
    });
    expect(await detail(idOf(res))).toMatchObject({ note: "require-signature", sig: "missing" });
    const reported = await post("/hooks/ans-sig-report");
    expect(reported.status).toBe(200);
    expect((await detail(idOf(reported))).sig).toBe("missing");
  });

  it("answers at once past the held-connection cap: a hang with 503, a delay with its status", async () => {
    const first = post("/hooks/ans-held?delay=3000");
    await live.waitFor(
      (x) => x.type === "delivery" && (x.delivery as { endpoint: string }).endpoint === "ans-held",
    );
    const hang = await post("/hooks/ans-held?action=hang");
    expect(hang.status).toBe(503);
    expect(hang.headers["retry-after"]).toBe("1");
    expect(errorOf(hang)).toEqual({
      code: "too_many_held",
      message:
        "too many requests are being held: this hang was answered at once (held-connection cap reached)",
    });
    const delayed = await post("/hooks/ans-held?delay=3000&status=202");
    expect(delayed.status).toBe(202);
    const stored = await detail(idOf(delayed));
    expect(stored).toMatchObject({
      note: "held-connection cap reached",
      response: { delayMs: 0, status: 202 },
    });
    expect((await first).status).toBe(200);
    // the slot is free again once the held request was answered
    const after = await post("/hooks/ans-held?delay=1");
    expect((await detail(idOf(after))).note).toBeUndefined();
  });

  it("reads a pinned registry and event off the path, and the replay header", async () => {
    const res = await post("/hooks/ans-pin/quay/repo_push", "{}", { "x-quayside-replay-of": "d-original" });
    const stored = await detail(idOf(res));
    expect(stored).toMatchObject({
      endpoint: "ans-pin",
      registry: "quay",
      event: "repo_push",
      detection: "pinned",
    });
    expect(stored.replayOf).toBe("d-original");
    expect((await detail(idOf(await post("/hooks/ans-pin")))).replayOf).toBeNull();
  });

  it("refuses a bad endpoint name and serves nothing else", async () => {
    const bad = await post(`/hooks/${"n".repeat(65)}`);
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toEqual({
      code: "bad_request",
      message: "endpoint names use A-Z a-z 0-9 . _ - (1-64)",
    });
    expect((await post(`/hooks/${"n".repeat(64)}`)).status).toBe(200);
    const other = await post("/elsewhere");
    expect(other.status).toBe(404);
    expect(errorOf(other).message).toBe("only /hooks/<endpoint> and /healthz are served here");
    const health = await send(`${server.https}/healthz`, { method: "GET", ca });
    expect(JSON.parse(health.body)).toEqual({ ok: true });
  });
});
