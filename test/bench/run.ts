// `npm run bench`: Quayside against a bare node:https server started in the same run, same
// machine, same load generator. Prints one table of req/s, p50, p99, errors, peak RSS and the
// ratio of each figure to its baseline. Bounded: every server is on 127.0.0.1 and every load
// phase has a fixed duration.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { ensureCerts } from "../../server/tls/certs.ts";
import { startChild } from "../helpers/child.ts";
import { fillStore, sampleBody } from "./fill.ts";
import { type LoadResult, runLoad } from "./load.ts";

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 8000);
const WARMUP_MS = 1500;
const STORED = Number(process.env.BENCH_STORED ?? 100_000);
const BARE = fileURLToPath(new URL("./bare-server.ts", import.meta.url));

interface Started {
  proc: ChildProcess;
  url: string;
  console?: string;
  startMs: number;
}

function start(args: string[], ready: RegExp): Promise<Started> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = out.match(ready);
      if (!m) return;
      proc.stdout?.off("data", onData);
      const console = out.match(/Console:\s+http:\/\/\S+:(\d+)/)?.[1];
      resolve({
        proc,
        url: `https://127.0.0.1:${m[1]}`,
        ...(console ? { console: `http://127.0.0.1:${console}` } : {}),
        startMs: performance.now() - t0,
      });
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", (d) => {
      out += d;
    });
    proc.on("exit", (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
  return kb / 1024;
}

async function stop(s: Started) {
  s.proc.removeAllListeners("exit");
  s.proc.kill("SIGKILL");
  await new Promise((r) => s.proc.once("exit", r));
}

/** CPU time (user + system) a process has used so far, in ms. */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * 10; // clock ticks of 10 ms
}

interface Row {
  name: string;
  result: LoadResult;
  rss: number;
  /** The server's CPU use during the phase: 100% = one core (at 2 cores, a server near 100% is bound by its main thread). */
  serverCpu: number;
  baseline?: Row;
  goal?: string;
}

async function main() {
  const work = await mkdtemp(join(tmpdir(), "quayside-bench-"));
  const certsDir = join(work, "certs");
  const certs = await ensureCerts(certsDir, {});
  const body = sampleBody();
  const client = { cert: certs.client.cert, key: certs.client.key };
  const rows: Row[] = [];

  const measure = async (
    name: string,
    server: Started,
    path: string,
    mode: "keepalive" | "per-connection",
    mtls: boolean,
  ) => {
    const opts = {
      url: `${server.url}${path}`,
      body,
      ca: certs.ca,
      mode,
      connections: mode === "keepalive" ? 50 : 16,
      ...(mtls ? { clientCert: client } : {}),
    };
    await runLoad({ ...opts, durationMs: WARMUP_MS });
    const pid = server.proc.pid as number;
    const [cpu0, t0] = [await cpuMs(pid), performance.now()];
    const result = await runLoad({ ...opts, durationMs: DURATION_MS });
    const serverCpu = ((await cpuMs(pid)) - cpu0) / (performance.now() - t0);
    const row: Row = { name, result, rss: await peakRssMb(pid), serverCpu };
    rows.push(row);
    process.stderr.write(`  ${name}: ${result.rps.toFixed(0)} req/s\n`);
    return row;
  };

  const quayside = async (data: string, extra: string[] = []) => {
    const t0 = performance.now();
    const child = await startChild(data, certsDir, extra);
    const s: Started = {
      proc: child.proc,
      url: child.https,
      console: child.console,
      startMs: performance.now() - t0,
    };
    await new Promise((r) => setTimeout(r, 300));
    // one live console connected, as when the UI is open
    const ws = new WebSocket(`${(s.console as string).replace("http", "ws")}/api/live`);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    ws.on("message", () => {});
    return { s, ws };
  };

  try {
    process.stderr.write("baseline (bare node:https)…\n");
    const bare = await start(["--import", "tsx", BARE, certsDir], /LISTENING (\d+)/);
    const bareKa = await measure("bare https, 50 keep-alive", bare, "/", "keepalive", false);
    const bareConn = await measure("bare https, new TLS conn/request", bare, "/", "per-connection", false);
    await stop(bare);
    const bareM = await start(["--import", "tsx", BARE, certsDir, "--mtls"], /LISTENING (\d+)/);
    const bareMtls = await measure("bare https+mTLS, new conn/request", bareM, "/", "per-connection", true);
    await stop(bareM);

    process.stderr.write("Quayside, empty store…\n");
    const empty = await quayside(join(work, "empty"), ["--retention", String(STORED + 1000)]);
    const qKa = await measure(
      "quayside, 50 keep-alive",
      empty.s,
      "/hooks/bench/quay/repo_push",
      "keepalive",
      false,
    );
    qKa.baseline = bareKa;
    qKa.goal = ">= 0.40x req/s, p99 <= 3x";
    const qConn = await measure(
      "quayside, new TLS conn/request",
      empty.s,
      "/hooks/bench/quay/repo_push",
      "per-connection",
      false,
    );
    qConn.baseline = bareConn;
    qConn.goal = ">= 0.90x";
    const qMtls = await measure(
      "quayside+mTLS, new conn/request",
      empty.s,
      "/hooks/bench/quay/repo_push",
      "per-connection",
      true,
    );
    qMtls.baseline = bareMtls;
    qMtls.goal = ">= 0.90x";
    empty.ws.close();
    await stop(empty.s);

    process.stderr.write(`filling a store with ${STORED} deliveries…\n`);
    const fullDir = join(work, "full");
    await fillStore(fullDir, STORED, body);
    const full = await quayside(fullDir, ["--retention", String(STORED + 1000)]);
    const startMs = full.s.startMs;
    const qFull = await measure(
      `quayside, ${STORED} stored, 50 keep-alive`,
      full.s,
      "/hooks/bench/quay/repo_push",
      "keepalive",
      false,
    );
    qFull.baseline = qKa;
    qFull.goal = ">= 0.85x of empty, RSS < 500 MB";
    full.ws.close();
    await stop(full.s);

    const pad = (s: string, n: number) => s.padEnd(n);
    const num = (n: number, d = 0) => n.toFixed(d);
    console.log(
      `\nQuayside benchmark — ${DURATION_MS / 1000} s per phase, ~${body.length} B body, 2-core loopback\n`,
    );
    console.log(
      `${pad("scenario", 44)}${pad("req/s", 9)}${pad("p50 ms", 9)}${pad("p99 ms", 9)}${pad("errors", 8)}${pad("peak RSS", 10)}${pad("srv CPU", 9)}${pad("vs baseline", 22)}goal`,
    );
    for (const r of rows) {
      const ratio = r.baseline
        ? `${num(r.result.rps / r.baseline.result.rps, 2)}x rps, ${num(r.result.p99 / r.baseline.result.p99, 2)}x p99`
        : "(baseline)";
      console.log(
        `${pad(r.name, 44)}${pad(num(r.result.rps), 9)}${pad(num(r.result.p50, 1), 9)}${pad(num(r.result.p99, 1), 9)}${pad(String(r.result.errors), 8)}${pad(`${num(r.rss)} MB`, 10)}${pad(`${num(r.serverCpu * 100)}%`, 9)}${pad(ratio, 22)}${r.goal ?? ""}`,
      );
    }
    console.log(`\nstart-up with ${STORED} stored: ${num(startMs)} ms (goal < 3000 ms)`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
