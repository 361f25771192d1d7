// The UI's one WebSocket: /api/live on this host, reconnecting with backoff. Every `hello`
// (first connect and each reconnect) makes the model resync from the API.
import type { LiveFrame, LiveMessage } from "../server/contract/index.ts";
import type { ConnectionState, LiveSource } from "./state/deliveries.ts";

const MAX_BACKOFF_MS = 5000;

export function createLiveSocket(): LiveSource {
  const messageListeners: ((m: LiveMessage) => void)[] = [];
  const statusListeners: ((s: ConnectionState) => void)[] = [];
  let attempt = 0;
  const status = (s: ConnectionState) => {
    for (const l of statusListeners) l(s);
  };

  function open() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}/api/live`);
    ws.onopen = () => {
      attempt = 0;
      status("live");
    };
    ws.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as LiveFrame;
      const messages = frame.type === "batch" ? frame.messages : [frame];
      for (const message of messages) for (const l of messageListeners) l(message);
    };
    ws.onclose = () => {
      status("reconnecting");
      const wait = Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt++);
      setTimeout(open, wait);
    };
  }
  setTimeout(open, 0);

  return {
    onMessage: (l) => messageListeners.push(l),
    onStatus: (l) => statusListeners.push(l),
  };
}
