// The console-wide state beside the delivery list: the endpoints, this Quayside's health (where it
// listens, the data dir's warnings) and recent failed TLS handshakes, each kept current by the
// live messages that concern it (applied from the list model's one switch).
import { signal } from "@preact/signals";
import type { EndpointView, Health, LiveMessage, TlsErrorEvent } from "../../server/contract/index.ts";
import { api } from "../api.ts";

export const MAX_CONNECTION_EVENTS = 50;

export const endpoints = signal<EndpointView[]>([]);
/** Where this Quayside listens (from /api/health), loaded on every (re)connect. */
export const health = signal<Health | null>(null);
export const tlsErrors = signal<TlsErrorEvent[]>([]);

let endpointTimer: ReturnType<typeof setTimeout> | null = null;
/** Reloads the endpoints once, 150 ms after the first of a burst of changes. */
export function refreshEndpoints(): void {
  if (endpointTimer) return;
  endpointTimer = setTimeout(() => {
    endpointTimer = null;
    api.endpoints().then(
      (list) => {
        endpoints.value = list;
      },
      () => {},
    );
  }, 150);
}

/**
 * The data dir's warnings from the last store-warnings message since the last hello: newer than a
 * /api/health answer still in flight, so that answer cannot bring back a warning already cleared.
 */
let liveWarnings: string[] | null = null;

/** Applies the live messages about the console as a whole (the list model passes them all). */
export function applyConsoleMessage(message: LiveMessage): void {
  switch (message.type) {
    case "hello":
      liveWarnings = null;
      api.health().then(
        (h) => {
          health.value = liveWarnings ? { ...h, storeWarnings: liveWarnings } : h;
        },
        () => {},
      );
      break;
    case "store-warnings":
      liveWarnings = message.warnings;
      if (health.value) health.value = { ...health.value, storeWarnings: message.warnings };
      break;
    case "tls-error":
      tlsErrors.value = [
        {
          at: message.at,
          remote: message.remote,
          reason: message.reason,
          ...(message.explanation ? { explanation: message.explanation } : {}),
        },
        ...tlsErrors.value,
      ].slice(0, MAX_CONNECTION_EVENTS);
      break;
    default:
      break;
  }
}
