// Forward settings over the console API and real sockets: a target the address guard refuses is
// refused when it is saved (in words), and a forward presents Quayside's client certificate to
// an HTTPS service that requires one only when the setting says so.
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryDetail, EndpointView, ErrorBody } from "../../server/contract/index.ts";
import { putEndpoint, send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let target: Server;
let targetUrl = "";
/** Subject of the client certificate each request to the target presented ("" for none). */
const presented: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  target = createServer(
    {
      key: await readFile(join(server.certsDir, "server-key.pem")),
      cert: await readFile(join(server.certsDir, "server.pem")),
      ca: server.ca,
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      presented.push(peer && Object.keys(peer).length ? String(peer.subject?.CN ?? "?") : "");
      req.resume();
      req.on("end", () => res.writeHead(202).end("taken"));
    },
  );
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  targetUrl = `https://127.0.0.1:${(target.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  target?.close();
  await server?.dispose();
});

const detail = async (id: string) =>
  (await (await fetch(`${server.console}/api/deliveries/${id}`)).json()) as DeliveryDetail;

describe("endpoint forward settings", () => {
  it("refuses a cloud-metadata target when saved, saying why, and stores nothing", async () => {
    const res = await putEndpoint(server.console, "fw-guard", {
      forward: { url: "http://169.254.169.254/latest", mode: "mirror" },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("bad_target");
    expect(body.error.message).toMatch(/never sends there/);
    const view = (await (await fetch(`${server.console}/api/endpoints/fw-guard`)).json()) as EndpointView;
    expect(view.forward).toBeUndefined();
  });

  it("refuses a forward clientCert that is not a boolean", async () => {
    const res = await putEndpoint(server.console, "fw-bad", {
      forward: { url: targetUrl, mode: "proxy", clientCert: "yes" },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.message).toMatch(/clientCert must be true or false/);
  });

  it("proxies with Quayside's client certificate only when clientCert is on", async () => {
    for (const clientCert of [true, false]) {
      const res = await putEndpoint(server.console, "fw-mtls", {
        forward: { url: targetUrl, mode: "proxy", clientCert },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as EndpointView).forward?.clientCert).toBe(clientCert ? true : undefined);
      presented.length = 0;
      const sent = await send(`${server.https}/hooks/fw-mtls`, { body: '{"x":1}', ca: server.ca });
      expect(sent.status).toBe(202);
      expect(presented).toEqual([clientCert ? expect.stringMatching(/.+/) : ""]);
      const d = await detail(String(sent.headers["x-quayside-delivery"]));
      expect(d.replays[0]?.status).toBe(202);
    }
  });
});
