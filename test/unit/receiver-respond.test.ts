// Holding and closing connections: the held-slot count, what holds a socket, the lingering close
// after a refused upload, and the reset, on real TCP sockets on 127.0.0.1.

import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ResponseRecord } from "../../server/contract/index.ts";
import {
  applyResponse,
  createHeldSlots,
  holds,
  lingerOnClose,
  MAX_HANG_MS,
  resetConnection,
} from "../../server/receiver/respond.ts";

describe("held slots", () => {
  it("counts down one per release and never below zero", () => {
    const slots = createHeldSlots(2);
    expect([slots.take(), slots.take(), slots.take()]).toEqual([true, true, false]);
    slots.release();
    expect(slots.inUse()).toBe(1);
    slots.release();
    slots.release();
    expect(slots.inUse()).toBe(0);
    expect(slots.take()).toBe(true);
  });

  it("holds a hang or a delayed answer, never a reset or an answer without delay", () => {
    const base: ResponseRecord = {
      status: 200,
      headers: [],
      body: "",
      delayMs: 0,
      action: "respond",
      rule: null,
    };
    expect(holds(base)).toBe(false);
    expect(holds({ ...base, delayMs: 1 })).toBe(true);
    expect(holds({ ...base, action: "hang" })).toBe(true);
    expect(holds({ ...base, action: "reset", delayMs: 5 })).toBe(false);
  });
});

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A connected pair: the server side (half-open allowed, as node:http has it) and the client. */
async function pair(): Promise<{ server: Socket; client: Socket }> {
  const srv = createServer({ allowHalfOpen: true });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const accepted = new Promise<Socket>((r) => srv.once("connection", r));
  const { port } = srv.address() as { port: number };
  const client = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
  client.on("error", () => {});
  const server = await accepted;
  server.on("error", () => {});
  return { server, client };
}

const closed = (s: Socket) => new Promise<void>((r) => (s.destroyed ? r() : s.once("close", () => r())));

describe("lingering close", () => {
  it("sends FIN but keeps the socket open until the sender ends, then closes it", async () => {
    const { server, client } = await pair();
    lingerOnClose(server, 60_000);
    const clientEnded = new Promise<void>((r) => client.once("end", () => r()));
    server.destroySoon();
    await clientEnded;
    expect(server.destroyed).toBe(false);
    client.write("rest of the upload");
    client.end();
    await closed(server);
    client.destroy();
  });

  it("closes the socket after the linger time when the sender never ends", async () => {
    const { server, client } = await pair();
    lingerOnClose(server, 50);
    server.destroySoon();
    await closed(server);
    expect(server.destroyed).toBe(true);
    client.destroy();
  });

  it("does nothing more for a socket already destroyed", async () => {
    const { server, client } = await pair();
    lingerOnClose(server, 60_000);
    server.destroy();
    await closed(server);
    const listeners = server.listenerCount("end") + server.listenerCount("close");
    server.destroySoon();
    expect(server.listenerCount("end") + server.listenerCount("close")).toBe(listeners);
    client.destroy();
  });
});

describe("resetConnection", () => {
  it("resets the TCP connection (the peer sees ECONNRESET) and destroys the socket", async () => {
    const { server, client } = await pair();
    const error = new Promise<NodeJS.ErrnoException>((r) => client.once("error", r));
    resetConnection(server);
    expect(server.destroyed).toBe(true);
    expect((await error).code).toBe("ECONNRESET");
  });

  it("destroys a socket that cannot reset itself", () => {
    let destroyed = 0;
    const fake: { destroyed: boolean; resetAndDestroy(): void; destroy(): void } = {
      destroyed: false,
      resetAndDestroy() {
        throw new Error("no handle");
      },
      destroy() {
        destroyed += 1;
        this.destroyed = true;
      },
    };
    resetConnection(fake as unknown as Socket);
    expect(destroyed).toBe(1);
  });

  it("resets the TCP socket under a TLS one and destroys the TLS socket too", () => {
    const calls: string[] = [];
    const parent = { resetAndDestroy: () => calls.push("parent reset") };
    const tls = {
      _parent: parent,
      destroyed: false,
      resetAndDestroy: () => calls.push("tls reset"),
      destroy: () => calls.push("tls destroy"),
    } as unknown as Socket;
    resetConnection(tls);
    expect(calls).toEqual(["parent reset", "tls destroy"]);
  });
});

/** A response on a stand-in socket: records writes and resets; `gone()` is the sender leaving. */
function standInResponse() {
  const socket = Object.assign(new EventEmitter(), {
    destroyed: false,
    resets: 0,
    resetAndDestroy() {
      socket.resets += 1;
      socket.destroyed = true;
    },
    destroy() {
      socket.destroyed = true;
    },
  });
  const written: unknown[] = [];
  const res = {
    socket,
    writeHead: (...args: unknown[]) => written.push(["head", ...args]),
    end: (body: string) => written.push(["end", body]),
  } as unknown as ServerResponse;
  const gone = () => {
    socket.destroyed = true;
    socket.emit("close");
  };
  return { res, socket, written, gone };
}

const answer = (over: Partial<ResponseRecord>): ResponseRecord => ({
  status: 202,
  headers: [["x-a", "1"]],
  body: "hi",
  delayMs: 0,
  action: "respond",
  rule: 0,
  ...over,
});

describe("applyResponse", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("answers a zero delay without waiting on a timer", async () => {
    vi.useFakeTimers();
    const { res, written } = standInResponse();
    await applyResponse(answer({}), res);
    expect(written).toEqual([
      ["head", 202, { "x-a": "1", "content-type": "text/plain; charset=UTF-8", "content-length": 2 }],
      ["end", "hi"],
    ]);
  });

  it("answers after the delay, and stops listening for the sender leaving", async () => {
    vi.useFakeTimers();
    const { res, socket, written } = standInResponse();
    const done = applyResponse(answer({ delayMs: 5_000 }), res);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(written).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(written).toHaveLength(2);
    expect(socket.listenerCount("close")).toBe(0);
  });

  it("writes nothing when the sender left during the delay", async () => {
    vi.useFakeTimers();
    const { res, written, gone } = standInResponse();
    const done = applyResponse(answer({ delayMs: 60_000 }), res);
    gone();
    await done;
    expect(written).toEqual([]);
  });

  it("hangs without answering, then resets after the longest hang", async () => {
    vi.useFakeTimers();
    const { res, socket, written } = standInResponse();
    const done = applyResponse(answer({ action: "hang", status: 0, body: "" }), res);
    await vi.advanceTimersByTimeAsync(MAX_HANG_MS - 1);
    expect(socket.resets).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(socket.resets).toBe(1);
    expect(written).toEqual([]);
  });

  it("does not reset a hung connection the sender already closed", async () => {
    vi.useFakeTimers();
    const { res, socket, written, gone } = standInResponse();
    const done = applyResponse(answer({ action: "hang", status: 0, body: "" }), res);
    gone();
    await done;
    expect(socket.resets).toBe(0);
    expect(written).toEqual([]);
  });
});
