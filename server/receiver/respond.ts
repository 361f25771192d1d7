// Applies a decision to the registry's request: answer (after an optional delay), hang until
// the sender gives up, or reset the connection.
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { ResponseRecord } from "../contract/index.ts";

/** A hung request is released (by reset) after this long, so sockets never leak. */
export const MAX_HANG_MS = 10 * 60_000;

/** Sends a TCP RST. A TLS socket's handle cannot reset itself: reset the TCP socket under it. */
export function resetConnection(socket: Socket): void {
  const parent = (socket as Socket & { _parent?: Socket })._parent;
  try {
    (parent ?? socket).resetAndDestroy();
  } catch {
    socket.destroy();
  }
  if (!socket.destroyed) socket.destroy();
}

/** Waits `ms` unless the client goes away first. */
function wait(ms: number, incoming: IncomingMessage): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    incoming.socket.once("close", done);
    function done() {
      clearTimeout(timer);
      incoming.socket.off("close", done);
      resolve();
    }
  });
}

/** Builds the Response for a recorded answer, or null when the connection is to be hung/reset. */
export async function applyResponse(
  record: ResponseRecord,
  incoming: IncomingMessage,
): Promise<Response | null> {
  const socket = incoming.socket;
  if (record.action === "reset") {
    resetConnection(socket);
    return null;
  }
  if (record.action === "hang") {
    await wait(MAX_HANG_MS, incoming);
    if (!socket.destroyed) resetConnection(socket);
    return null;
  }
  await wait(record.delayMs, incoming);
  if (socket.destroyed) return null;
  return new Response(record.body, { status: record.status, headers: record.headers });
}
