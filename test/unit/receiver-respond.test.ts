// Holding and closing connections: the held-slot count, what holds a socket, the lingering close
// after a refused upload, and the reset, on real TCP sockets on 127.0.0.1.
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ResponseRecord } from "../../server/contract/index.ts";
import { createHeldSlots, holds, lingerOnClose, resetConnection } from "../../server/receiver/respond.ts";

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
