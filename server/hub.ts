// The live hub: what happened, fanned out to every console socket. Messages are serialised
// once per publish, not once per subscriber.
import type { LiveMessage, TlsErrorEvent } from "./contract/index.ts";

export type HubListener = (json: string, message: LiveMessage) => void;

/** Connection events (failed TLS handshakes) kept for the UI. */
export const MAX_CONNECTION_EVENTS = 500;

export interface Hub {
  publish(message: LiveMessage): void;
  subscribe(listener: HubListener): () => void;
  connectionEvents(): readonly TlsErrorEvent[];
}

export function createHub(): Hub {
  const listeners = new Set<HubListener>();
  const events: TlsErrorEvent[] = [];
  return {
    publish(message) {
      if (message.type === "tls-error") {
        events.push({ at: message.at, remote: message.remote, reason: message.reason });
        if (events.length > MAX_CONNECTION_EVENTS) events.shift();
      }
      if (listeners.size === 0) return;
      const json = JSON.stringify(message);
      for (const listener of listeners) listener(json, message);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connectionEvents: () => events,
  };
}
