// The receiver's plain node:http(s) handler over real loopback sockets: what it serves besides
// deliveries (health, 404, 400), the wire form of a rule's answer, and many deliveries on one
// keep-alive connection.
import { Agent, request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.dispose());

const deliveriesTo = async (endpoint: string) =>
  (
    (await (await fetch(`${server.console}/api/deliveries?endpoint=${endpoint}`)).json()) as {
      items: { id: string; status: number }[];
    }
  ).items;

describe("the receiver's request handler", () => {
  it("answers /healthz to GET and HEAD, and 404 with a JSON reason to anything else", async () => {
    const health = await send(`${server.https}/healthz`, { method: "GET", ca: server.ca });
    expect(health.status).toBe(200);
    expect(health.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(health.body)).toEqual({ ok: true });
    const head = await send(`${server.http}/healthz`, { method: "HEAD" });
    expect([head.status, head.body]).toEqual([200, ""]);
    for (const [method, path] of [
      ["POST", "/healthz"],
      ["GET", "/"],
      ["POST", "/hooks/ci/"],
      ["POST", "/hooks/a/b"],
    ]) {
      const res = await send(`${server.http}${path}`, { method: method as string, body: "{}" });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(JSON.parse(res.body).error.code).toBe(ERROR_CODES.NOT_FOUND);
    }
  });

  it("refuses a bad endpoint name with 400 and records nothing", async () => {
    const res = await send(`${server.http}/hooks/bad%20name`, { body: "{}" });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe(ERROR_CODES.BAD_REQUEST);
    expect(await deliveriesTo("bad name")).toEqual([]);
  });

  it("sends a rule's body with its headers, a default Content-Type and the Content-Length", async () => {
    const put = await fetch(`${server.console}/api/endpoints/wire-form`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        rules: [{ respond: { status: 202, headers: { "X-Build": "7" }, body: "queued ✓" } }],
      }),
    });
    expect(put.status).toBe(200);
    const res = await send(`${server.https}/hooks/wire-form`, { body: "{}", ca: server.ca });
    expect(res.status).toBe(202);
    expect(res.body).toBe("queued ✓");
    expect(res.headers).toMatchObject({
      "x-build": "7",
      "content-type": "text/plain; charset=UTF-8",
      "content-length": String(Buffer.byteLength("queued ✓")),
    });
    const [stored] = await deliveriesTo("wire-form");
    expect(res.headers["x-quayside-delivery"]).toBe(stored?.id);
  });

  it("records every delivery sent over one keep-alive connection, from the same peer", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: server.ca, servername: "localhost" });
    const post = (n: number) =>
      new Promise<{ status: number; port: number }>((resolve, reject) => {
        const req = request(`${server.https}/hooks/kept-alive`, { method: "POST", agent }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, port: req.socket?.localPort ?? 0 }));
        });
        req.on("error", reject);
        req.end(JSON.stringify({ n }));
      });
    const answers = [];
    for (let n = 0; n < 5; n++) answers.push(await post(n));
    agent.destroy();
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.port)).size).toBe(1);
    const stored = await deliveriesTo("kept-alive");
    expect(stored).toHaveLength(5);
    const details = await Promise.all(
      stored.map(
        async (d) =>
          (await (await fetch(`${server.console}/api/deliveries/${d.id}`)).json()) as {
            remote: { port: number };
          },
      ),
    );
    expect(new Set(details.map((d) => d.remote.port))).toEqual(new Set([answers[0]?.port]));
  });
});
