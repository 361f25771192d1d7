// Replay, forward and send like a registry, over real TLS with real client certificates.
import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainView, DeliveryDetail, ReplayResult } from "../../server/contract/index.ts";
import { runQuayside } from "../helpers/child.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let ca: string;
let clientCert: string;
const others: Server[] = [];
beforeAll(async () => {
  server = await startTestServer();
  ca = server.ca;
  clientCert = await readFile(join(server.certsDir, "client.pem"), "utf8");
});
afterAll(async () => {
  for (const s of others) s.close();
  await server?.dispose();
});

function listen(s: Server): Promise<number> {
  others.push(s);
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve((s.address() as AddressInfo).port)));
}

const replay = async (id: string, body: object) => {
  const res = await fetch(`${server.console}/api/deliveries/${id}/replay`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, result: (await res.json()) as ReplayResult };
};
const detail = async (id: string) =>
  (await (await fetch(`${server.console}/api/deliveries/${id}`)).json()) as DeliveryDetail;

describe("replay", () => {
  it("sends the exact bytes and Quayside's client certificate to a service that requires one", async () => {
    const received: { body: Buffer; fingerprint: string; authorized: boolean }[] = [];
    const target = createHttpsServer(
      {
        key: await readFile(join(server.certsDir, "server-key.pem")),
        cert: await readFile(join(server.certsDir, "server.pem")),
        ca,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          const socket = req.socket as TLSSocket;
          received.push({
            body: Buffer.concat(chunks),
            fingerprint: socket.getPeerCertificate().fingerprint256,
            authorized: socket.authorized,
          });
          res.writeHead(202, { "content-type": "text/plain" }).end("accepted");
        });
      },
    );
    const port = await listen(target);
    const original = '{"repository":"ns/app", "updated_tags": ["v1"]}\n';
    const id = JSON.parse(
      (await send(`${server.https}/hooks/rp/quay/repo_push`, { body: original, ca })).body,
    ).delivery;

    const { status, result } = await replay(id, {
      target: `https://localhost:${port}/hook`,
      clientCert: "quayside",
    });
    expect(status).toBe(200);
    expect(result.status).toBe(202);
    expect(result.body).toBe("accepted");
    expect(received[0]?.body.toString()).toBe(original);
    expect(received[0]?.authorized).toBe(true);
    expect(received[0]?.fingerprint).toBe(new X509Certificate(clientCert).fingerprint256);
    expect((await detail(id)).replays[0]?.status).toBe(202);

    // without the certificate the service refuses the handshake: a readable error, stored
    const refused = await replay(id, { target: `https://localhost:${port}/hook`, clientCert: "none" });
    expect(refused.result.status).toBeNull();
    expect(refused.result.error?.message).toBeTruthy();
  });

  it("replays to self as a new delivery linked by replayOf, with an edited body", async () => {
    const id = JSON.parse((await send(`${server.https}/hooks/self`, { body: '{"v":1}', ca })).body).delivery;
    const { result } = await replay(id, { target: "self", body: '{"v":2}', headers: { "X-Edited": "yes" } });
    expect(result.status).toBe(200);
    expect(result.deliveryId).toBeTruthy();
    const copy = await detail(result.deliveryId as string);
    expect(copy.replayOf).toBe(id);
    expect(copy.body).toEqual({ text: '{"v":2}' });
    expect(copy.headers).toContainEqual(["X-Edited", "yes"]);
  });

  it("stores a readable error for a closed port instead of failing", async () => {
    const closed = createHttpServer();
    const port = await listen(closed);
    closed.close();
    const id = JSON.parse((await send(`${server.https}/hooks/closed`, { body: "{}", ca })).body).delivery;
    const { status, result } = await replay(id, { target: `http://127.0.0.1:${port}/x` });
    expect(status).toBe(200);
    expect(result.error).toEqual({
      code: "ECONNREFUSED",
      message: `connection refused: nothing is listening at 127.0.0.1:${port}`,
    });
    expect((await detail(id)).replays.at(-1)?.error?.code).toBe("ECONNREFUSED");
  });
});

describe("forwarding", () => {
  it("proxy mode gives the registry the target's 503 and the chain shows it", async () => {
    const target = createHttpServer((req, res) => {
      req.resume();
      req.on("end", () =>
        res.writeHead(503, { "content-type": "application/json", "retry-after": "1" }).end('{"busy":true}'),
      );
    });
    const port = await listen(target);
    await fetch(`${server.console}/api/endpoints/px`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ forward: { url: `http://127.0.0.1:${port}/hook`, mode: "proxy" } }),
    });
    const res = await send(`${server.https}/hooks/px`, { body: '{"x":1}', ca });
    expect(res.status).toBe(503);
    expect(res.body).toBe('{"busy":true}');
    const chains = (await (await fetch(`${server.console}/api/chains?endpoint=px`)).json()) as ChainView[];
    expect(chains[0]?.attempts[0]?.status).toBe(503);
    const d = await detail(String(res.headers["x-quayside-delivery"]));
    expect(d.response.rule).toBe("proxy");
    expect(d.replays[0]?.status).toBe(503);
  });

  it("mirror mode answers the registry itself and records the target's answer", async () => {
    const got: string[] = [];
    const target = createHttpServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        got.push(body);
        res.writeHead(204).end();
      });
    });
    const port = await listen(target);
    await fetch(`${server.console}/api/endpoints/mirror`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ forward: { url: `http://127.0.0.1:${port}/m`, mode: "mirror" } }),
    });
    const res = await send(`${server.https}/hooks/mirror`, { body: '{"m":1}', ca });
    expect(res.status).toBe(200);
    const id = JSON.parse(res.body).delivery;
    for (let i = 0; i < 50 && (await detail(id)).replays.length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual(['{"m":1}']);
    expect((await detail(id)).replays[0]?.status).toBe(204);
  });
});

describe("quayside send", () => {
  const sendCli = (endpoint: string) =>
    runQuayside([
      "send",
      "quay/repo_push",
      "--endpoint",
      endpoint,
      "--retry",
      "quay",
      "--time-scale",
      "0.01",
      "--console",
      server.console,
      "--certs",
      server.certsDir,
      "--quayside-cert",
    ]);

  it("retries like Quay until delivered (first 2 -> 503) and exits 0", async () => {
    await fetch(`${server.console}/api/endpoints/sim`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules: [{ schedule: { kind: "first", n: 2 }, respond: { status: 503 } }] }),
    });
    const run = sendCli("sim");
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/attempt 1: HTTP 503[\s\S]*attempt 2: HTTP 503[\s\S]*attempt 3: HTTP 200/);
    const chains = (await (await fetch(`${server.console}/api/chains?endpoint=sim`)).json()) as ChainView[];
    expect(chains[0]?.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    const d = await detail(chains[0]?.attempts[0]?.deliveryId as string);
    expect(d.event).toBe("repo_push");
    expect(d.headers.find(([k]) => k.toLowerCase() === "user-agent")?.[1]).toMatch(/python-requests/);
    expect(d.clientCert.presented).toBe(true);
  });

  it("gives up after Quay's attempt count against 'always 500' and exits 1", async () => {
    await fetch(`${server.console}/api/endpoints/sim500`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules: [{ respond: { status: 500 } }] }),
    });
    const run = sendCli("sim500");
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/attempt 3: HTTP 500/);
    expect(run.output()).not.toMatch(/attempt 4/);
  });
});
