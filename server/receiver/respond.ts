// Applies a decision to the registry's request: answer (after an optional delay), hang until
// the sender gives up, or reset the connection. Owns the cap on requests kept waiting and the
// graceful close after a refused upload.
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { ResponseRecord } from "../contract/index.ts";
import { ERROR_CODES } from "../contract/index.ts";
import { fixedResponse } from "./record.ts";

/** A hung request is released (by reset) after this long, so sockets never leak. */
export const MAX_HANG_MS = 10 * 60_000;

/** Why a delay or hang was not applied; stored as the delivery's note. */
export const HELD_CAP_NOTE = "held-connection cap reached";

/** How long a refused upload may keep arriving after its answer was sent. */
export const LINGER_MS = 2_000;

/** Counts requests kept waiting (delays, hangs) so any LAN sender can hold only so many sockets. */
export interface HeldSlots {
  /** Takes a slot; false when all `max` are in use. */
  take(): boolean;
  release(): void;
  inUse(): number;
}

export function createHeldSlots(max: number): HeldSlots {
  let used = 0;
  return {
    take() {
      if (used >= max) return false;
      used += 1;
      return true;
    },
    release() {
      used = Math.max(0, used - 1);
    },
    inUse: () => used,
  };
}

/** True when applying `record` keeps the request waiting (a delay or a hang). */
export const holds = (record: ResponseRecord) =>
  record.action === "hang" || (record.action === "respond" && record.delayMs > 0);

/**
 * The answer given at once instead of a delay or hang when every slot is taken: a delay's own
 * status without the wait, or 503 for a hang (which has no status of its own).
 */
export function unheld(record: ResponseRecord, id: string): ResponseRecord {
  if (record.action === "respond") {
    return {
      status: record.status,
      headers: record.headers,
      body: record.body,
      delayMs: 0,
      action: "respond",
      rule: record.rule,
    };
  }
  const answer = fixedResponse(
    503,
    ERROR_CODES.TOO_MANY_HELD,
    "too many requests are being held: this hang was answered at once (held-connection cap reached)",
    id,
    record.rule,
  );
  answer.headers.push(["retry-after", "1"]);
  return answer;
}

/**
 * Lets a refused upload end gracefully. Node destroys a `connection: close` socket as soon as
 * the answer is written; with the sender's upload still arriving, the kernel then resets the
 * connection, and a reset can discard the answer before the sender read it (it saw EPIPE, no
 * status). Instead: send FIN after the answer, keep discarding what still arrives for a
 * bounded time, then close (the "lingering close" of RFC 9112 §9.6).
 */
export function lingerOnClose(socket: Socket, ms = LINGER_MS): void {
  // the http server calls destroySoon() once a `connection: close` answer is written
  socket.destroySoon = () => {
    if (socket.destroyed) return;
    const timer = setTimeout(() => socket.destroy(), ms);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
    socket.once("end", () => socket.destroy());
    socket.end();
    socket.resume();
  };
}

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
