// Hostile requests to the console over real sockets: foreign Host and Origin, cross-site state
// changes, path tricks against the UI build, replays aimed at forbidden targets.

import { connect as netConnect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let ca: string;

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

describe("hostile requests to the console", () => {
  it("refuses a foreign Host header (DNS rebinding)", async () => {
    // fetch() will not send a foreign Host: use node:http directly
    const res = await send(`${server.console}/api/deliveries`, {
      method: "GET",
      headers: { host: "attacker.example:4400" },
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.code).toBe("forbidden_host");
  });

  it("refuses cross-site state changes and non-JSON bodies", async () => {
    const cross = await fetch(`${server.console}/api/deliveries`, {
      method: "DELETE",
      headers: { origin: "http://evil.example" },
    });
    expect(cross.status).toBe(403);
    const form = await fetch(`${server.console}/api/endpoints/x`, {
      method: "PUT",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "a=1",
    });
    expect(form.status).toBe(415);
    expect(((await form.json()) as { error: { code: string } }).error.code).toBe("unsupported_media_type");
  });

  it("refuses a cross-origin WebSocket upgrade with a real HTTP status", async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.console.replace("http", "ws")}/api/live`, {
        headers: { origin: "http://evil.example" },
      });
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("error", () => {});
    });
    expect(status).toBe(403);
  });

  it("never serves files outside the UI build", async () => {
    const port = Number(new URL(server.console).port);
    for (const path of [
      "/..%2f..%2fpackage.json",
      "/%2e%2e/%2e%2e/package.json",
      "/..\\..\\package.json",
      "/assets/%00../../package.json",
    ]) {
      const text = await new Promise<string>((resolve) => {
        const socket = netConnect(port, "127.0.0.1", () =>
          socket.end(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`),
        );
        let out = "";
        socket.on("data", (d) => {
          out += d;
        });
        socket.on("close", () => resolve(out));
        socket.on("error", () => resolve(out));
      });
      expect(text).not.toContain('"devDependencies"');
    }
  });

  it("refuses replays to non-http schemes and link-local addresses, storing nothing wrong", async () => {
    const res = await send(`${server.https}/hooks/rp`, { body: "{}", ca });
    const id = JSON.parse(res.body).delivery;
    const bad = await fetch(`${server.console}/api/deliveries/${id}/replay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ target: "file:///etc/passwd" }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("bad_target");
    const meta = await fetch(`${server.console}/api/deliveries/${id}/replay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ target: "http://169.254.169.254/latest/meta-data" }),
    });
    expect(meta.status).toBe(400);
    expect(((await meta.json()) as { error: { message: string } }).error.message).toMatch(/link-local/);
    const stored = (await (await fetch(`${server.console}/api/deliveries/${id}`)).json()) as DeliveryDetail;
    expect(stored.replays).toEqual([]);
  });
});
