// The processes a benchmark run measures: the bare node:https baseline and Quayside (the real
// command), each started on 127.0.0.1 port 0, with their CPU use and peak memory read from /proc.
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { startChild } from "../helpers/child.ts";

const BARE = fileURLToPath(new URL("./bare-server.ts", import.meta.url));

export interface Server {
  proc: ChildProcess;
  /** https://127.0.0.1:port */
  url: string;
  /** How long it took to start serving, in ms. */
  startMs: number;
  stop(): Promise<void>;
}

/**
 * Starts the bare baseline. Client certificates: "none" asks for none; "ask" asks every connection
 * for one and takes connections without (as Quayside must); "require" verifies one on every
 * connection and fails the handshake without.
 */
export function startBare(
  certsDir: string,
  clientCerts: "none" | "ask" | "require",
  durableFile?: string,
): Promise<Server> {
  const t0 = performance.now();
  const args = [
    "--import",
    "tsx",
    BARE,
    certsDir,
    ...(clientCerts === "require" ? ["--mtls"] : clientCerts === "ask" ? ["--ask-cert"] : []),
    ...(durableFile ? ["--durable", durableFile] : []),
  ];
  const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolve, reject) => {
    proc.stdout?.on("data", (d: Buffer) => {
      out += d;
      const port = out.match(/LISTENING (\d+)/)?.[1];
      if (port) resolve(server(proc, `https://127.0.0.1:${port}`, performance.now() - t0));
    });
    proc.stderr?.on("data", (d: Buffer) => {
      out += d;
    });
    proc.once("exit", (code) => reject(new Error(`bare server exited (${code}):\n${out}`)));
  });
}

/** Starts Quayside on `data` with one live console WebSocket connected, as when the UI is open. */
export async function startQuayside(data: string, certsDir: string, extra: string[]): Promise<Server> {
  const t0 = performance.now();
  const child = await startChild(data, certsDir, extra);
  const startMs = performance.now() - t0;
  const ws = new WebSocket(`${child.console.replace("http", "ws")}/api/live`);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  ws.on("message", () => {});
  const s = server(child.proc, child.https, startMs);
  return {
    ...s,
    async stop() {
      ws.close();
      await s.stop();
    },
  };
}

function server(proc: ChildProcess, url: string, startMs: number): Server {
  return {
    proc,
    url,
    startMs,
    async stop() {
      proc.removeAllListeners("exit");
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGKILL");
      await exited;
    },
  };
}

/** How long a bare node:https server takes from spawn to listening (no TypeScript loader). */
export function bareStartMs(certsDir: string): Promise<number> {
  const code = [
    'const https = require("node:https"), fs = require("node:fs"), path = require("node:path");',
    "const dir = process.argv[1];",
    'const s = https.createServer({ key: fs.readFileSync(path.join(dir, "server-key.pem")), cert: fs.readFileSync(path.join(dir, "server.pem")) }, (q, r) => r.end());',
    's.listen(0, "127.0.0.1", () => { process.stdout.write("LISTENING\\n"); process.exit(0); });',
  ].join("\n");
  const t0 = performance.now();
  const proc = spawn(process.execPath, ["-e", code, certsDir], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    proc.stdout?.once("data", () => resolve(performance.now() - t0));
    proc.once("exit", (c) => c !== 0 && reject(new Error(`bare start failed (${c})`)));
  });
}

/** A file under /proc ("" once the process is gone). */
async function procFile(path: string): Promise<string> {
  return readFile(`/proc/${path}`, "utf8").catch(() => "");
}

/** Peak resident memory so far, in MB. */
export async function peakRssMb(pid: number): Promise<number> {
  const kb = Number((await procFile(`${pid}/status`)).match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
  return kb / 1024;
}

/** User + system ticks (10 ms each) in a /proc stat line, after the command's parenthesis. */
function statMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * 10;
}

/** CPU time (user + system) the process has used so far, in ms. */
export async function cpuMs(pid: number): Promise<number> {
  return statMs(await procFile(`${pid}/stat`));
}

/** CPU time of the process's main thread alone (the one running JavaScript), in ms. */
export async function mainThreadMs(pid: number): Promise<number> {
  return statMs(await procFile(`${pid}/task/${pid}/stat`));
}

/** The machine's idle CPU ticks (10 ms each, idle and waiting on I/O) so far, summed over its cores. */
export async function machineIdleTicks(): Promise<number> {
  const line = (await procFile("stat")).split("\n")[0] ?? "";
  const ticks = line.trim().split(/\s+/);
  return (Number(ticks[4]) || 0) + (Number(ticks[5]) || 0);
}

/** Where a load phase's time went, as shares of one core: the server, its main thread, the machine's idle. */
export interface Usage {
  cpu: number;
  main: number;
  /** Idle over all the machine's cores (2 = two idle cores). */
  idle: number;
}

/** Starts measuring `pid`'s CPU use; the returned function ends the window and gives its shares. */
export async function measureUsage(pid: number): Promise<() => Promise<Usage>> {
  const [cpu0, main0, m0, t0] = [
    await cpuMs(pid),
    await mainThreadMs(pid),
    await machineIdleTicks(),
    performance.now(),
  ];
  return async () => {
    const wall = performance.now() - t0;
    const [cpu1, main1, m1] = [await cpuMs(pid), await mainThreadMs(pid), await machineIdleTicks()];
    return {
      cpu: (cpu1 - cpu0) / wall,
      main: (main1 - main0) / wall,
      idle: ((m1 - m0) * 10) / wall, // ticks of 10 ms, summed over the cores
    };
  };
}
