// /api/live: the WebSocket fan-out. Each socket gets `hello { seq }` first (the client resyncs
// from the API when it sees one), then summaries. Dead peers are terminated by a heartbeat;
// a socket that cannot keep up is closed (it reconnects and resyncs) instead of buffering.
import { type IncomingMessage, type Server, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { ERROR_CODES, type ErrorCode, errorBody } from "../contract/index.ts";
import type { Core } from "../core/index.ts";
import type { createGuard } from "./guard.ts";
import { TOKEN_COOKIE } from "./guard.ts";

export const HEARTBEAT_MS = 30_000;
/** Bytes queued for one socket before it is dropped as too slow. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function refuse(socket: Duplex, status: number, code: ErrorCode, message: string) {
  const body = JSON.stringify(errorBody(code, message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const eq = part.indexOf("=");
    // Split at the first "=" only: a token may itself contain "=" (base64 padding).
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function attachLive(server: Server, core: Core, guard: ReturnType<typeof createGuard>) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const alive = new WeakMap<object, boolean>();

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const url = new URL(req.url ?? "/", "http://console");
    if (url.pathname !== "/api/live") return refuse(socket, 404, ERROR_CODES.NOT_FOUND, "no WebSocket here");
    const problem = guard.check({
      host: req.headers.host,
      origin: req.headers.origin,
      fetchSite: req.headers["sec-fetch-site"],
      method: "UPGRADE",
      path: url.pathname,
      authorization: req.headers.authorization,
      cookie: cookieValue(req.headers.cookie, TOKEN_COOKIE),
      queryToken: url.searchParams.get("token") ?? undefined,
    });
    if (problem) return refuse(socket, problem.status, problem.code, problem.message);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  wss.on("connection", (ws) => {
    alive.set(ws, true);
    ws.on("error", () => ws.terminate());
    ws.on("pong", () => alive.set(ws, true));
    ws.send(JSON.stringify({ type: "hello", seq: core.store.lastSeq() }));
    const unsubscribe = core.hub.subscribe((json) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.close(1013, "too slow; reconnect and resync");
      ws.send(json);
    });
    ws.on("close", unsubscribe);
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
