// The receive pipeline over real loopback sockets, in the test process: the lingering close after
// a refused upload, which requests take and free held slots, a store that cannot write, an
// internal error, which deliveries announce their endpoint, and the mirror.
import { createServer as createHttpServer, request, type Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import type { Core } from "../../server/core/index.ts";
import { connectLive, putEndpoint, send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let core: Core;
const targets: Server[] = [];
beforeAll(async () => {
  server = await startTestServer({ maxHeld: 1, bodyLimit: 1024 });
  core = server.running.core;
});
afterAll(async () => {
  for (const t of targets) t.close();
  await server?.dispose();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const detail = async (id: string) =>
  (await (await fetch(`${server.console}/api/deliveries/${id}`)).json()) as DeliveryDetail;
const post = (path: string, headers: Record<string, string> = {}) =>
  send(`${server.http}${path}`, { body: "{}", headers });

/** A raw HTTP/1.1 exchange that may keep writing after the server's FIN (as a slow uploader). */
async function rawExchange(
  head: string,
): Promise<{ socket: Socket; answer: string; closed: Promise<boolean> }> {
  const { port } = new URL(server.http);
  const socket = connect({ port: Number(port), host: "127.0.0.1", allowHalfOpen: true });
  socket.on("error", () => {});
  const closed = new Promise<boolean>((r) => socket.once("close", r));
  let answer = "";
  socket.on("data", (c: Buffer) => {
    answer += c.toString();
  });
  const ended = new Promise<void>((r) => socket.once("end", () => r()));
  socket.write(head);
  await ended;
  return { socket, answer, closed };
}

/** Writes twice after the server's FIN; the error a closed (not lingering) server answers with, or null. */
async function writeAfterFin(socket: Socket): Promise<string | null> {
  const write = () =>
    new Promise<string | null>((r) =>
      socket.write(Buffer.alloc(16_384, 0x20), (e) =>
        r(e ? ((e as NodeJS.ErrnoException).code ?? "error") : null),
      ),
    );
  return (await write()) ?? (await write());
}

describe("closing after an answer", () => {
  it("lingers after a 413 for an announced oversized body: the rest of the upload is read, not reset", async () => {
    const { socket, answer, closed } = await rawExchange(
      "POST /hooks/wire-big HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(await writeAfterFin(socket)).toBeNull();
    socket.end();
    expect(await closed).toBe(false);
  });

  it("does not linger after an ordinary answer on a connection the sender asked to close", async () => {
    const { socket, answer, closed } = await rawExchange(
      "POST /hooks/wire-small HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    // the server has closed the connection: bytes sent now are answered with a reset
    expect(await writeAfterFin(socket)).toMatch(/^(EPIPE|ECONNRESET)$/);
    socket.destroy();
    await closed;
  });
});

/** Starts a delivery answered after 60 s; resolves once it is stored (and so holds its slot). */
async function holdOne(endpoint: string): Promise<() => void> {
  const live = await connectLive(server.console);
  const req = request(`${server.http}/hooks/${endpoint}?delay=60000`, { method: "POST", agent: false });
  req.on("error", () => {});
  req.end("{}");
  await live.waitFor(
    (m) => m.type === "delivery" && (m.delivery as { endpoint: string }).endpoint === endpoint,
  );
  live.close();
  return () => req.destroy();
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The note of a delivery answered from `res` (its id is in the default body). */
const noteOf = async (res: { body: string }) => (await detail(JSON.parse(res.body).delivery)).note;

describe("held slots (maxHeld 1)", () => {
  it("a refused request or a failed store of an unheld one frees no slot", async () => {
    const release = await holdOne("wire-held");
    try {
      expect((await post("/hooks/wire-held", { origin: "https://example.com" })).status).toBe(403);
      const errors = vi.spyOn(console, "error").mockImplementation(() => {});
      vi.spyOn(core.deliveries, "record").mockRejectedValueOnce(new Error("disk full"));
      const failed = await post("/hooks/wire-held");
      expect(failed.status).toBe(503);
      expect(JSON.parse(failed.body)).toEqual({
        error: { code: "store_unavailable", message: "could not store the delivery; retry" },
      });
      expect(errors).toHaveBeenCalledWith("quayside: could not store a delivery to wire-held: disk full");
      const capped = await send(`${server.http}/hooks/wire-held?delay=60000&status=202`, {
        body: "{}",
        timeoutMs: 5000,
      });
      expect(capped.status).toBe(202);
      expect(await noteOf(capped)).toBe("held-connection cap reached");
    } finally {
      release();
    }
  });

  it("a held request whose store failed gives its slot back", async () => {
    await until(
      async () => (await noteOf(await post("/hooks/wire-free?delay=1"))) === undefined,
      "a free slot",
    );
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(core.deliveries, "record").mockRejectedValueOnce(new Error("disk full"));
    expect((await post("/hooks/wire-free?delay=1")).status).toBe(503);
    expect(await noteOf(await post("/hooks/wire-free?delay=1"))).toBeUndefined();
  });
});

describe("failures inside the pipeline", () => {
  it("answers 500 with a JSON reason and logs the error", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(core.rules, "decide").mockImplementationOnce(() => {
      throw new Error("rules broke");
    });
    const res = await post("/hooks/wire-broken");
    expect(res.status).toBe(500);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(res.body)).toEqual({ error: { code: "internal", message: "internal error" } });
    expect(errors).toHaveBeenCalledWith("quayside receiver: rules broke");
  });
});

describe("announcing endpoints", () => {
  it("announces a name on its first accepted delivery only, never on a refused one", async () => {
    const live = await connectLive(server.console);
    const deliveredTo = (name: string, n: number) =>
      until(
        async () =>
          live.messages.filter(
            (m) => m.type === "delivery" && (m.delivery as { endpoint: string }).endpoint === name,
          ).length >= n,
        `${n} deliveries to ${name}`,
      );
    const announced = () =>
      live.messages.filter(
        (m) => m.type === "endpoint" && (m.endpoint as { name: string }).name === "wire-fresh",
      ).length;
    expect((await post("/hooks/wire-fresh", { origin: "https://example.com" })).status).toBe(403);
    await deliveredTo("wire-fresh", 1);
    expect(announced()).toBe(0);
    expect((await post("/hooks/wire-fresh")).status).toBe(200);
    await deliveredTo("wire-fresh", 2);
    expect(announced()).toBe(1);
    expect((await post("/hooks/wire-fresh")).status).toBe(200);
    await deliveredTo("wire-fresh", 3);
    expect(announced()).toBe(1);
    live.close();
  });
});

describe("mirror", () => {
  it("sends an accepted delivery on to the target and records its answer as a replay", async () => {
    let got = "";
    const target = createHttpServer((req, res) => {
      req.on("data", (c) => {
        got += c;
      });
      req.on("end", () => res.writeHead(207).end());
    });
    targets.push(target);
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    const { port } = target.address() as AddressInfo;
    const put = await putEndpoint(server.console, "wire-mirror", {
      forward: { url: `http://127.0.0.1:${port}/sink`, mode: "mirror" },
    });
    expect(put.status).toBe(200);
    const res = await send(`${server.http}/hooks/wire-mirror`, { body: '{"mirrored":true}' });
    expect(res.status).toBe(200);
    const id = JSON.parse(res.body).delivery;
    await until(async () => (await detail(id)).replays.length === 1, "the mirror's answer");
    expect((await detail(id)).replays[0]?.status).toBe(207);
    expect(got).toBe('{"mirrored":true}');
  });
});
