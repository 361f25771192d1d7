// Hostile input to the receiver over real sockets: every case gets a clear answer, the server
// keeps serving, and every valid delivery sent meanwhile is stored.

import { connect as netConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryDetail, DeliverySummary, Page } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let ca: string;
const validIds: string[] = [];

beforeAll(async () => {
  server = await startTestServer({
    bodyLimit: 64 * 1024,
    headersTimeoutMs: 2000,
    requestTimeoutMs: 4000,
    handshakeTimeoutMs: 2000,
  });
  ca = server.ca;
});
afterAll(async () => {
  await server?.dispose();
});

async function valid(label: string) {
  const res = await send(`${server.https}/hooks/valid`, { body: JSON.stringify({ label }), ca });
  expect(res.status).toBe(200);
  validIds.push(JSON.parse(res.body).delivery);
}

const detail = async (id: string) =>
  (await (await fetch(`${server.console}/api/deliveries/${id}`)).json()) as DeliveryDetail;

/** Sends a raw HTTP/1.1 request over TLS and resolves with the status line. */
function rawTls(request: string | Buffer, keepOpen = false): Promise<string> {
  const port = Number(new URL(server.https).port);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ port, host: "127.0.0.1", ca, servername: "localhost" }, () => {
      socket.write(request);
      if (!keepOpen) socket.end();
    });
    let out = "";
    socket.on("data", (d) => {
      out += d;
      if (keepOpen && out.includes("\r\n\r\n")) socket.end();
    });
    socket.on("error", (e) => (out ? resolve(out.split("\r\n")[0] ?? "") : reject(e)));
    socket.on("close", () => resolve(out.split("\r\n")[0] ?? ""));
  });
}

describe("hostile input to the receiver", () => {
  it("records a browser-originated request and answers 403", async () => {
    const res = await send(`${server.https}/hooks/web`, {
      body: "{}",
      ca,
      headers: { origin: "http://evil.example" },
    });
    expect(res.status).toBe(403);
    const body = JSON.parse(res.body);
    expect(body.error.code).toBe("browser_origin");
    expect((await detail(body.delivery)).note).toBe("browser-origin");
    await valid("after-origin");
  });

  it("answers 413 with a JSON reason and a stub record for an announced oversize body", async () => {
    const res = await send(`${server.https}/hooks/big`, { body: "x".repeat(70 * 1024), ca });
    expect(res.status).toBe(413);
    const body = JSON.parse(res.body);
    expect(body.error.code).toBe("body_too_large");
    const stub = await detail(body.delivery);
    expect(stub.note).toBe("too-large");
    expect(stub.size).toBe(70 * 1024);
    await valid("after-413");
  });

  it("counts chunked bodies byte by byte", async () => {
    const chunk = "y".repeat(16 * 1024);
    const chunks = Array.from({ length: 6 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join("");
    const status = await rawTls(
      `POST /hooks/chunked HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}0\r\n\r\n`,
      true,
    );
    expect(status).toMatch(/ 413 /);
    await valid("after-chunked");
  });

  it("stops a gzip bomb at the body limit after decoding", async () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await send(`${server.https}/hooks/bomb`, {
      body: bomb,
      ca,
      headers: { "content-encoding": "gzip" },
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.message).toMatch(/decoded body exceeds/);
    await valid("after-bomb");
  });

  it("decodes a normal gzip body for display and keeps the raw bytes", async () => {
    const json = '{"repository":"ns/app"}';
    const res = await send(`${server.https}/hooks/gz`, {
      body: gzipSync(json),
      ca,
      headers: { "content-encoding": "gzip" },
    });
    expect(res.status).toBe(200);
    const d = await detail(JSON.parse(res.body).delivery);
    expect(d.decoded?.body).toEqual({ text: json });
    expect("base64" in d.body).toBe(true);
    // judged on the decoded JSON, not on the compressed bytes
    expect(d.validity).toBe("unknown-event");
  });

  it("records deeply nested JSON without parsing it", async () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const res = await send(`${server.https}/hooks/deep`, { body: deep, ca });
    expect(res.status).toBe(200);
    const d = await detail(JSON.parse(res.body).delivery);
    expect(d.validity).toBe("not-json");
    expect(d.size).toBe(deep.length);
    await valid("after-deep");
  });

  it("records malformed JSON and answers 200", async () => {
    const res = await send(`${server.https}/hooks/bad`, { body: '{"a":', ca });
    expect(res.status).toBe(200);
    expect((await detail(JSON.parse(res.body).delivery)).validity).toBe("not-json");
  });

  it("drops a connection that never finishes its TLS handshake", async () => {
    const port = Number(new URL(server.https).port);
    const started = Date.now();
    let local = "";
    await new Promise<void>((resolve) => {
      const socket = netConnect(port, "127.0.0.1", () => {
        local = `127.0.0.1:${socket.localPort}`;
      });
      socket.on("error", () => {});
      socket.on("close", () => resolve());
    });
    expect(Date.now() - started).toBeLessThan(6000);
    const events = (await (await fetch(`${server.console}/api/connections`)).json()) as {
      remote: string;
      reason: string;
    }[];
    // this very connection, dropped for the handshake timeout (not some other TLS failure)
    const ours = events.filter((e) => e.remote.endsWith(local));
    expect(ours).toHaveLength(1);
    expect(ours[0]?.reason).toMatch(/TLS handshake timeout/);
  });

  it("survives 200 slowloris connections while valid deliveries keep succeeding", async () => {
    const port = Number(new URL(server.https).port);
    const started = Date.now();
    const drips = Array.from(
      { length: 200 },
      () =>
        new Promise<void>((resolve) => {
          const socket = tlsConnect({ port, host: "127.0.0.1", ca, servername: "localhost" }, () => {
            socket.write("POST /hooks/slow HTTP/1.1\r\nHost: localhost\r\n");
            const timer = setInterval(() => socket.write("X-Drip: 1\r\n"), 500);
            socket.on("close", () => clearInterval(timer));
          });
          socket.on("error", () => {});
          socket.on("close", () => resolve());
          setTimeout(() => socket.destroy(), 20_000).unref();
        }),
    );
    for (let i = 0; i < 5; i++) await valid(`during-slowloris-${i}`);
    await Promise.all(drips);
    // headers timeout 2 s, checked every second
    expect(Date.now() - started).toBeLessThan(15_000);
    await valid("after-slowloris");
  }, 30_000);

  it("answers 500 simultaneous valid deliveries over HTTPS with 2xx and stores them all", async () => {
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        send(`${server.https}/hooks/burst`, { body: JSON.stringify({ i }), ca, timeoutMs: 25_000 }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const ids = new Set(results.map((r) => JSON.parse(r.body).delivery));
    const page = (await (
      await fetch(`${server.console}/api/deliveries?endpoint=burst&limit=500`)
    ).json()) as Page<DeliverySummary>;
    expect(page.items).toHaveLength(500);
    for (const item of page.items) expect(ids.has(item.id)).toBe(true);
  }, 30_000);

  it("kept every valid delivery sent during the run", async () => {
    // interleave hostile requests with valid ones here too, so this holds when run alone
    for (const hostile of [
      () => send(`${server.https}/hooks/big`, { body: "x".repeat(70 * 1024), ca }),
      () => send(`${server.https}/hooks/bad`, { body: '{"a":', ca }),
      () => send(`${server.https}/hooks/web`, { body: "{}", ca, headers: { origin: "http://evil.example" } }),
      () => rawTls("POST /hooks/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: nope\r\n\r\n"),
    ]) {
      await hostile();
      for (let i = 0; i < 3; i++) await valid("kept-check");
    }
    const page = (await (
      await fetch(`${server.console}/api/deliveries?endpoint=valid&limit=500`)
    ).json()) as Page<DeliverySummary>;
    const stored = new Set(page.items.map((d) => d.id));
    expect(validIds.length).toBeGreaterThan(8);
    for (const id of validIds) expect(stored.has(id)).toBe(true);
  });
});
