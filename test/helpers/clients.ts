// Test clients: HTTPS requests with optional client certificates (node:https, no pooling),
// and a WebSocket client that collects live messages and waits for one.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import WebSocket from "ws";

export interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Extra headers sent as-is, in order, duplicates kept. */
  rawHeaders?: [string, string][];
  body?: string | Buffer;
  ca?: string;
  cert?: string;
  key?: string;
  timeoutMs?: number;
}

/** One request on a fresh connection; resolves with status, headers and the body text. */
export function send(url: string, options: SendOptions = {}): Promise<Sent> {
  const u = new URL(url);
  const body = options.body ?? "";
  const request = u.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      {
        method: options.method ?? "POST",
        headers: [
          ...Object.entries({
            host: u.host,
            "content-type": "application/json",
            ...options.headers,
            "content-length": String(Buffer.byteLength(body)),
          }),
          ...(options.rawHeaders ?? []),
        ].flat(),
        agent: false,
        ca: options.ca,
        cert: options.cert,
        key: options.key,
        timeout: options.timeoutMs ?? 10_000,
        servername: u.hostname === "127.0.0.1" ? "localhost" : u.hostname,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("client timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

export interface LiveClient {
  messages: { type: string; [key: string]: unknown }[];
  /** Resolves with the first message (already received or future) matching the predicate. */
  waitFor(
    predicate: (m: { type: string; [key: string]: unknown }) => boolean,
    timeoutMs?: number,
  ): Promise<{ type: string; [key: string]: unknown }>;
  close(): void;
}

export function connectLive(consoleUrl: string, headers: Record<string, string> = {}): Promise<LiveClient> {
  const ws = new WebSocket(`${consoleUrl.replace(/^http/, "ws")}/api/live`, { headers });
  const messages: LiveClient["messages"] = [];
  const waiters: {
    predicate: (m: LiveClient["messages"][number]) => boolean;
    resolve: (m: LiveClient["messages"][number]) => void;
  }[] = [];
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data));
    for (const message of frame.type === "batch" ? frame.messages : [frame]) {
      messages.push(message);
      for (const w of [...waiters]) {
        if (w.predicate(message)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(message);
        }
      }
    }
  });
  return new Promise((resolve, reject) => {
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once("open", () =>
      resolve({
        messages,
        waitFor(predicate, timeoutMs = 10_000) {
          const seen = messages.find(predicate);
          if (seen) return Promise.resolve(seen);
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error("no matching live message")), timeoutMs);
            waiters.push({
              predicate,
              resolve: (m) => {
                clearTimeout(timer);
                res(m);
              },
            });
          });
        },
        close: () => ws.close(),
      }),
    );
  });
}

/** PUT /api/endpoints/:name on a console: an endpoint's settings (rules, policy, secret ...). */
export function putEndpoint(consoleUrl: string, name: string, settings: unknown): Promise<Response> {
  return fetch(`${consoleUrl}/api/endpoints/${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(settings),
  });
}
