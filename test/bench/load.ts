// The load generator: undici, either 50 keep-alive connections or a new TLS connection per
// request (no session resumption, so every request pays the full handshake).
import { Agent, Pool, request } from "undici";

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

export interface LoadOptions {
  url: string;
  /** The body of each request (called once per request). */
  body: () => string;
  ca: string;
  durationMs: number;
  mode: "keepalive" | "per-connection";
  connections: number;
  clientCert?: { cert: string; key: string };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const url = new URL(opts.url);
  const connect = {
    ca: opts.ca,
    servername: "localhost",
    maxCachedSessions: 0,
    ...(opts.clientCert ?? {}),
  };
  const pool =
    opts.mode === "keepalive"
      ? new Pool(url.origin, { connections: opts.connections, connect, pipelining: 1 })
      : null;
  const agent = opts.mode === "per-connection" ? new Agent({ connect, pipelining: 0 }) : null;
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + opts.durationMs;
  const headers = { "content-type": "application/json", "user-agent": "quayside-bench" };

  async function worker() {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const res = pool
          ? await pool.request({ path: url.pathname, method: "POST", headers, body: opts.body() })
          : await request(url, {
              method: "POST",
              headers,
              body: opts.body(),
              dispatcher: agent as Agent,
              reset: true,
            });
        await res.body.dump();
        if (res.statusCode !== 200) errors++;
        else latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  await pool?.close();
  await agent?.close();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
