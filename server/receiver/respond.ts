// Applies a decision to the registry's request: answer (after an optional delay), hang until
// the sender gives up, or reset the connection. Owns the cap on requests kept waiting and the
// graceful close after a refused upload.
import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { ResponseRecord } from "../contract/index.ts";
import { ERROR_CODES } from "../contract/index.ts";
import type { Answer } from "./delivery.ts";
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
 * The held-connection cap, judged after the rules: a delay or hang takes a slot (released once
 * the answer is given); with every slot taken it is answered at once, and the record says so.
 */
export function capHeld(answer: Answer, slots: HeldSlots, id: string): Answer {
  if (!holds(answer.response)) return answer;
  if (slots.take()) return { ...answer, held: true };
  return { ...answer, response: unheld(answer.response, id), note: HELD_CAP_NOTE, held: false };
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
    // Stryker disable next-line StringLiteral,ArrowFunction: the timer is unref'd and destroying a closed socket is a no-op, so clearing it only frees it early
    socket.once("close", () => clearTimeout(timer));
    // Stryker disable next-line StringLiteral,ArrowFunction: once both sides have ended the socket destroys itself (autoDestroy); this only says so
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
    // Stryker disable next-line BlockStatement: the check below destroys the socket anyway
  } catch {
    socket.destroy();
  }
  if (!socket.destroyed) socket.destroy();
}

/** Waits `ms` unless the client goes away first. */
function wait(ms: number, socket: Socket): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    socket.once("close", done);
    function done() {
      clearTimeout(timer);
      socket.off("close", done);
      resolve();
    }
  });
}

/**
 * Header fields as the console's hono answers wrote them: names lower-cased, repeated names
 * joined with ", " (Set-Cookie kept apart), a default Content-Type and the Content-Length.
 */
export function outgoingHeaders(pairs: readonly [string, string][], body: string): OutgoingHttpHeaders {
  // no prototype: a rule's header named "constructor" or "__proto__" is a header like any other
  const out: OutgoingHttpHeaders = Object.create(null);
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const known = out[key];
    if (known === undefined) out[key] = key === "set-cookie" ? [value] : value;
    else if (Array.isArray(known)) known.push(value);
    else out[key] = `${known}, ${value}`;
  }
  out["content-type"] ??= "text/plain; charset=UTF-8";
  out["content-length"] ??= Buffer.byteLength(body);
  return out;
}

/**
 * Gives the recorded answer on `res`: after its delay, or not at all when the connection is
 * to be hung (until the sender gives up, then reset) or reset at once.
 */
export async function applyResponse(record: ResponseRecord, res: ServerResponse): Promise<void> {
  const socket = res.socket ?? res.req.socket;
  if (record.action === "reset") return resetConnection(socket);
  if (record.action === "hang") {
    await wait(MAX_HANG_MS, socket);
    if (!socket.destroyed) resetConnection(socket);
    return;
  }
  await wait(record.delayMs, socket);
  if (socket.destroyed) return;
  res.writeHead(record.status, outgoingHeaders(record.headers, record.body));
  res.end(record.body);
}
