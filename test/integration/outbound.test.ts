// The outbound guard over real sockets, loopback only: replay via the console API, forwards,
// `quayside send`, redirects and TLS-on-plain-HTTP. A tripwire fails any connect outside
// loopback, so a broken guard shows up as a failure here, never as a packet leaving the machine.
import type { LookupAddress } from "node:dns";
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runSend } from "../../server/cli/send.ts";
import type { ReplayResult } from "../../server/contract/index.ts";
import { createReplayer } from "../../server/replay/index.ts";
import { sendLikeRegistry } from "../../server/send/index.ts";
import { send } from "../helpers/clients.ts";
import { makeDelivery } from "../helpers/delivery.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { armTripwire, type Tripwire } from "../helpers/tripwire.ts";

let server: TestServer;
let tripwire: Tripwire;
const listeners: Server[] = [];
beforeAll(async () => {
  tripwire = armTripwire();
  server = await startTestServer();
});
afterEach(() => expect(tripwire.hits.splice(0)).toEqual([]));
afterAll(async () => {
  for (const s of listeners) s.close();
  await server?.dispose();
  tripwire?.disarm();
});

/** A loopback HTTP listener that counts connections and requests. */
async function listener(answer: (res: import("node:http").ServerResponse) => void = (r) => r.end("ok")) {
  const seen = { connections: 0, requests: 0 };
  const s = createHttpServer((req, res) => {
    seen.requests++;
    req.resume();
    req.on("end", () => answer(res));
  });
  s.on("connection", () => seen.connections++);
  listeners.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return { port: (s.address() as AddressInfo).port, seen };
}

/** A resolver for tests: evil.test answers the AWS/GCP metadata address; no real DNS. */
const asked: string[] = [];
const evilResolver = async (hostname: string): Promise<LookupAddress[]> => {
  asked.push(hostname);
  if (hostname === "evil.test") return [{ address: "169.254.169.254", family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
};

const stored = async () =>
  JSON.parse((await send(`${server.https}/hooks/outbound`, { body: '{"a":1}', ca: server.ca })).body)
    .delivery as string;
const replay = async (id: string, target: string) => {
  const res = await fetch(`${server.console}/api/deliveries/${id}/replay`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ target }),
  });
  return {
    status: res.status,
    json: (await res.json()) as ReplayResult & { error: { code: string; message: string } },
  };
};

describe("replay through the console API", () => {
  it("reaches a loopback service named as an IPv4-mapped IPv6 address (mapped loopback is loopback)", async () => {
    const { port, seen } = await listener();
    const { status, json } = await replay(await stored(), `http://[::ffff:127.0.0.1]:${port}/hook`);
    expect(status).toBe(200);
    expect(json.status).toBe(200);
    expect(seen.requests).toBe(1);
  });

  it.each([
    "http://[::ffff:169.254.169.254]:PORT/",
    "http://[::ffff:a9fe:a9fe]:PORT/",
    "http://[64:ff9b::a9fe:a9fe]:PORT/",
    "http://[::a9fe:a9fe]:PORT/",
    "http://metadata.google.internal:PORT/",
  ])("refuses %s with a 400 and connects nowhere", async (raw) => {
    const { port, seen } = await listener();
    const { status, json } = await replay(await stored(), raw.replace("PORT", String(port)));
    expect(status).toBe(400);
    expect(json.error.code).toBe("bad_target");
    expect(json.error.message).toMatch(/Quayside never sends there/);
    expect(seen.connections).toBe(0);
  });
});

describe("replay and forward with a resolver", () => {
  const replayer = () =>
    createReplayer({
      ca: server.running.certs.ca,
      client: server.running.certs.client,
      selfBase: () => null,
      lookup: evilResolver,
    });

  it("refuses a name that resolves to 169.254.169.254 before connecting", async () => {
    const { port, seen } = await listener();
    const r = replayer();
    for (const scheme of ["http", "https"]) {
      asked.length = 0;
      const result = await r.replay(makeDelivery(), { target: `${scheme}://evil.test:${port}/` });
      expect(asked).toEqual(["evil.test"]);
      expect(result.status).toBeNull();
      expect(result.error).toEqual({
        code: "EFORBIDDENADDR",
        message: "refused: evil.test resolves to 169.254.169.254, a link-local/cloud-metadata address",
      });
    }
    await r.close();
    expect(seen.connections).toBe(0);
  });

  it("a forward to a refused target is an error in its result, not an exception", async () => {
    const r = replayer();
    const result = await r.send(makeDelivery(), { target: "http://[::ffff:a9fe:a9fe]:1/" });
    await r.close();
    expect(result.status).toBeNull();
    expect(result.error?.code).toBe("bad_target");
    expect(result.error?.message).toMatch(/::ffff:a9fe:a9fe is a link-local\/cloud-metadata address/);
  });
});

describe("quayside send", () => {
  const body = Buffer.from('{"repository":"ns/app"}');

  it("refuses a link-local literal before the first attempt", async () => {
    for (const to of [
      "http://169.254.169.254:1/",
      "http://[::ffff:a9fe:a9fe]:1/",
      "http://[64:ff9b::a9fe:a9fe]:1/",
    ]) {
      await expect(sendLikeRegistry({ registry: "quay", body, to: new URL(to) })).rejects.toThrow(
        /link-local\/cloud-metadata address/,
      );
    }
    const run = await runSend({
      target: "quay/repo_push",
      to: "http://[::ffff:a9fe:a9fe]:1/",
      certsDir: server.certsDir,
      console: server.console,
    });
    expect(run).toEqual({
      exitCode: 2,
      output:
        "quayside send: ::ffff:a9fe:a9fe is a link-local/cloud-metadata address; Quayside never sends there",
    });
  });

  it("refuses a name resolving to a link-local address at connect time, once, without retrying", async () => {
    const { port, seen } = await listener();
    const result = await sendLikeRegistry({
      registry: "quay",
      body,
      to: new URL(`http://evil.test:${port}/`),
      retry: "quay",
      timeScale: 0.001,
      lookup: evilResolver,
    });
    expect(result.delivered).toBe(false);
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]?.error).toBe(
      "refused: evil.test resolves to 169.254.169.254, a link-local/cloud-metadata address",
    );
    expect(seen.connections).toBe(0);
  });
});

describe("redirects and protocol mix-ups", () => {
  it("never follows a redirect: the 302 is the answer and its Location sees no request", async () => {
    const second = await listener();
    const first = await listener((res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${second.port}/elsewhere` }).end(),
    );
    const { json } = await replay(await stored(), `http://127.0.0.1:${first.port}/hook`);
    expect(json.status).toBe(302);
    const sent = await sendLikeRegistry({
      registry: "harbor",
      body: Buffer.from("{}"),
      to: new URL(`http://127.0.0.1:${first.port}/hook`),
      retry: "none",
    });
    expect(sent.attempts[0]?.status).toBe(302);
    expect(first.seen.requests).toBe(2);
    expect(second.seen.connections).toBe(0);
  });

  it("says so when an https:// target speaks plain HTTP", async () => {
    const { port } = await listener();
    const { json } = await replay(await stored(), `https://127.0.0.1:${port}/hook`);
    expect(json.status).toBeNull();
    expect(json.error).toEqual({
      code: "ERR_SSL_WRONG_VERSION_NUMBER",
      message: `TLS handshake with 127.0.0.1:${port} failed: the target speaks plain HTTP on an https:// URL`,
    });
  });
});
