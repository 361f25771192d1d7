// Runs `quayside` as a child process (the real command) on port 0 and reads the banner for
// the actual URLs.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../server/bin.mjs", import.meta.url));

export interface Child {
  proc: ChildProcess;
  https: string;
  http: string;
  console: string;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

export function runQuayside(
  args: string[],
  env: Record<string, string> = {},
  /** Working directory (where quayside.config.json is read from); default this process's. */
  cwd?: string,
): { proc: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env, NO_COLOR: "1" },
    ...(cwd ? { cwd } : {}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout?.on("data", (d) => {
    out += d;
  });
  proc.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

/** Starts a server child and waits for its banner. */
export async function startChild(dataDir: string, certsDir: string, extra: string[] = []): Promise<Child> {
  const args = [
    "--https-port",
    "0",
    "--http-port",
    "0",
    "--console-port",
    "0",
    "--host",
    "127.0.0.1",
    "--data",
    dataDir,
    "--certs",
    certsDir,
    ...extra,
  ];
  const child = runQuayside(args);
  const deadline = Date.now() + 30_000;
  while (!/Console:\s+http:\/\/\S+:\d+/.test(child.output())) {
    const code = await Promise.race([child.exited, new Promise((r) => setTimeout(() => r("wait"), 50))]);
    if (code !== "wait") throw new Error(`quayside exited (${code}) before serving:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`quayside did not start:\n${child.output()}`);
  }
  const port = (re: RegExp) => child.output().match(re)?.[1] ?? "";
  return {
    ...child,
    https: `https://127.0.0.1:${port(/https:\/\/[^\s/]+:(\d+)\/hooks/)}`,
    http: `http://127.0.0.1:${port(/http:\/\/[^\s/]+:(\d+)\/hooks/)}`,
    console: `http://127.0.0.1:${port(/Console:\s+http:\/\/\S+:(\d+)/)}`,
  };
}
