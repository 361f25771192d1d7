// The live hub: what happened, fanned out to every console socket. Messages published in one
// turn of the event loop go out together as one frame (a `batch` when there are several), so a
// burst of group-committed deliveries costs each socket one write, not one write per delivery.
// Under a steady stream frames leave at most every FRAME_GAP_MS (the first after a pause at
// once), so a busy receiver writes each socket a few dozen times a second, not on every turn.
// Each frame is serialised once per flush, not once per subscriber.
import type { LiveFrame, LiveMessage, TlsErrorEvent } from "../contract/index.ts";

/** Gets each frame's JSON text and the messages in it. */
export type HubListener = (json: string, messages: readonly LiveMessage[]) => void;

/** Connection events (failed TLS handshakes) kept for the UI. */
export const MAX_CONNECTION_EVENTS = 500;
/** Messages in one frame at most; a longer burst goes out as several frames. */
export const MAX_BATCH_MESSAGES = 500;
/** Least time between two frames: quicker than a person notices, slow enough to gather a burst. */
export const FRAME_GAP_MS = 40;

export interface HubOptions {
  /** Least time between two frames (FRAME_GAP_MS). */
  frameGapMs?: number;
}

export interface Hub {
  publish(message: LiveMessage): void;
  subscribe(listener: HubListener): () => void;
  connectionEvents(): readonly TlsErrorEvent[];
  /** Puts connection events from before a restart (oldest first) ahead of any since. */
  restoreConnections(restored: readonly TlsErrorEvent[]): void;
}

/** The frame for `messages`: the message itself when alone, else a batch. */
function frameOf(messages: LiveMessage[]): LiveFrame {
  return messages.length === 1 ? (messages[0] as LiveMessage) : { type: "batch", messages };
}

export function createHub(options: HubOptions = {}): Hub {
  const gapMs = options.frameGapMs ?? FRAME_GAP_MS;
  const listeners = new Set<HubListener>();
  let events: TlsErrorEvent[] = [];
  let queued: LiveMessage[] = [];
  let scheduled = false;
  /** When the last frame left (performance.now()). */
  let lastFlush = Number.NEGATIVE_INFINITY;

  /** Next turn when the last frame is old enough, else once it is. */
  function schedule() {
    scheduled = true;
    const wait = lastFlush + gapMs - performance.now();
    if (wait <= 0) setImmediate(flush);
    // a frame still waiting for its gap never keeps a process that is shutting down alive
    else setTimeout(flush, wait).unref();
  }

  function flush() {
    scheduled = false;
    lastFlush = performance.now();
    const all = queued;
    queued = [];
    if (listeners.size === 0) return;
    for (let i = 0; i < all.length; i += MAX_BATCH_MESSAGES) {
      const messages = all.slice(i, i + MAX_BATCH_MESSAGES);
      const json = JSON.stringify(frameOf(messages));
      for (const listener of listeners) listener(json, messages);
    }
  }

  return {
    publish(message) {
      if (message.type === "tls-error") {
        const { type: _type, ...event } = message;
        events.push(event);
        if (events.length > MAX_CONNECTION_EVENTS) events.shift();
      }
      if (listeners.size === 0) return;
      queued.push(message);
      if (!scheduled) schedule();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connectionEvents: () => events,
    restoreConnections(restored) {
      events = [...restored, ...events].slice(-MAX_CONNECTION_EVENTS);
    },
  };
}
