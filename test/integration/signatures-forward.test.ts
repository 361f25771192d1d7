// A delivery refused for its signature (require mode) reaches neither a proxy nor a mirror
// target: only validly signed ones are sent on.
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const SECRET = "forward-test-secret";
const sign = (body: string) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;

let server: TestServer;
const targets: Server[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const t of targets) t.close();
  await server?.dispose();
});

/** A target that records each body it gets and calls `onBody`. */
async function target(onBody: (body: string) => void): Promise<string> {
  const s = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      onBody(body);
      res.writeHead(200, { "content-type": "application/json" }).end('{"from":"target"}');
    });
  });
  targets.push(s);
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`;
}

async function configure(name: string, url: string, mode: "proxy" | "mirror") {
  const res = await fetch(`${server.console}/api/endpoints/${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ signature: { secret: SECRET, mode: "require" }, forward: { url, mode } }),
  });
  expect(res.status).toBe(200);
}

const post = (name: string, body: string, signature: string) =>
  send(`${server.https}/hooks/${name}`, {
    ca: server.ca,
    body,
    headers: { "x-hub-signature-256": signature },
  });

describe("refused for the signature, never sent on", () => {
  it("proxy mode: a bad signature gets 401 and the target sees only the valid delivery", async () => {
    const got: string[] = [];
    await configure("sig-proxy", await target((b) => got.push(b)), "proxy");
    const bad = await post("sig-proxy", '{"n":"bad"}', sign('{"n":"other"}'));
    expect(bad.status).toBe(401);
    const good = await post("sig-proxy", '{"n":"good"}', sign('{"n":"good"}'));
    expect(good.body).toBe('{"from":"target"}');
    expect(got).toEqual(['{"n":"good"}']);
  });

  it("mirror mode: the target gets the valid delivery only", async () => {
    const got: string[] = [];
    let arrived: () => void = () => {};
    const goodArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const url = await target((b) => {
      got.push(b);
      if (b.includes("good")) arrived();
    });
    await configure("sig-mirror", url, "mirror");
    expect((await post("sig-mirror", '{"n":"bad"}', "sha256=00")).status).toBe(401);
    expect((await post("sig-mirror", '{"n":"good"}', sign('{"n":"good"}'))).status).toBe(200);
    await goodArrived;
    expect(got).toEqual(['{"n":"good"}']);
  });
});
