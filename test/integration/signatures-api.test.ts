// An endpoint's secret goes in through PUT /api/endpoints/:name and never comes out in full:
// not in the PUT answer, GET of one or all endpoints, nor the live "endpoint" message.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryDetail, EndpointView } from "../../server/contract/index.ts";
import { connectLive, putEndpoint, send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const SECRET = "api-test-secret-do-not-echo";
const TAIL = SECRET.slice(-2);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
});

const put = (name: string, settings: unknown) => putEndpoint(server.console, name, settings);

async function signedVerdict(endpoint: string) {
  const body = '{"hello":"signed"}';
  const res = await send(`${server.https}/hooks/${endpoint}`, {
    ca: server.ca,
    body,
    headers: { "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` },
  });
  const id = String(res.headers["x-quayside-delivery"]);
  const d = (await (await fetch(`${server.console}/api/deliveries/${id}`)).json()) as DeliveryDetail;
  return d.signature?.verdict;
}

describe("endpoint secrets", () => {
  it("are masked in the PUT answer, GET of one and of all, and the live message", async () => {
    const live = await connectLive(server.console);
    try {
      const res = await put("secret-masked", { signature: { secret: SECRET, mode: "require" } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(SECRET);
      expect((JSON.parse(text) as EndpointView).signature).toEqual({
        secret: `••••••${TAIL}`,
        mode: "require",
      });
      const message = await live.waitFor(
        (m) => m.type === "endpoint" && (m.endpoint as EndpointView).name === "secret-masked",
      );
      expect(JSON.stringify(message)).not.toContain(SECRET);
      const one = await (await fetch(`${server.console}/api/endpoints/secret-masked`)).text();
      const all = await (await fetch(`${server.console}/api/endpoints`)).text();
      for (const out of [one, all]) {
        expect(out).toContain(`••••••${TAIL}`);
        expect(out).not.toContain(SECRET);
      }
    } finally {
      live.close();
    }
  });

  it("survive a PUT that sends the masked value back; null removes them", async () => {
    await put("secret-kept", { signature: { secret: SECRET, mode: "report" } });
    const view = (await (await fetch(`${server.console}/api/endpoints/secret-kept`)).json()) as EndpointView;
    // the console saves what it was shown, mask included
    const again = await put("secret-kept", { signature: { ...view.signature, mode: "require" } });
    expect(again.status).toBe(200);
    expect(await signedVerdict("secret-kept")).toBe("valid");
    const cleared = (await (await put("secret-kept", { signature: null })).json()) as EndpointView;
    expect(cleared.signature).toBeUndefined();
    expect(await signedVerdict("secret-kept")).toBeUndefined();
  });

  it.each([
    [{ secret: "" }, /1 to 512 characters/],
    [{ secret: "x".repeat(513) }, /1 to 512 characters/],
    [{ secret: 42 }, /1 to 512 characters/],
    [{ secret: "s3cret", mode: "enforce" }, /report or require/],
    [{ secret: "s3cret", header: "Bad Header:" }, /header name/],
    [{ secret: "••••••" }, /masked value/],
    ["s3cret", /must be an object/],
  ])("refuses %j with a clear message", async (signature, message) => {
    const res = await put("secret-invalid", { signature });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toMatch(message);
  });
});
