// The composition root: parses the command line, resolves configuration and runs a command.
// The only module that touches process.env, process.exit and signals.

import { banner } from "./banner.ts";
import { runCatalog } from "./cli/catalog.ts";
import { receiverUrlFor, runCerts } from "./cli/certs.ts";
import { consoleTarget } from "./cli/console-target.ts";
import { runExport } from "./cli/export.ts";
import { buildCli } from "./cli/index.ts";
import { runSend } from "./cli/send.ts";
import { runValidate } from "./cli/validate.ts";
import { type Outcome, parseDuration, parseSince, runWait } from "./cli/wait.ts";
import { ConfigError, resolveConfig } from "./config.ts";
import { consoleApis } from "./console/extras.ts";
import { StartupError, startQuayside } from "./serve.ts";
import { DataDirLockedError } from "./store/lock.ts";
import { ensureCerts } from "./tls/certs.ts";

function finish(result: { exitCode: number; output: string; bytes?: Buffer | Uint8Array }): void {
  const out = result.exitCode === 0 ? process.stdout : process.stderr;
  if (result.bytes && result.exitCode === 0) out.write(result.bytes);
  else if (result.output) out.write(result.output.endsWith("\n") ? result.output : `${result.output}\n`);
  process.exitCode = result.exitCode;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** The console a client command talks to, found through the same settings `serve` reads. */
function clientTarget(opts: Record<string, unknown>) {
  const token = str(opts.token);
  const config = resolveConfig(token ? { token } : {}, process.env);
  const target = consoleTarget(str(opts.console), config);
  return { console: target.url, ...(target.token ? { token: target.token } : {}) };
}

/** `--since`, or by default the moment wait started: chains from before are someone else's. */
function waitSince(opts: Record<string, unknown>, now: number): number {
  const text = str(opts.since);
  if (text === undefined) return now;
  try {
    return parseSince(text, now);
  } catch (e) {
    throw new ConfigError(`--since: ${(e as Error).message}`);
  }
}

const cli = buildCli({
  async serve(flags) {
    const config = resolveConfig(flags, process.env);
    const running = await startQuayside(config, consoleApis);
    console.log(banner(running));
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await running.close();
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  },
  async certs(flags, opts) {
    const config = resolveConfig(flags, process.env);
    const loaded = await ensureCerts(config.certs, { sans: config.san, keyType: config.keyType });
    const urls = receiverUrlFor(config.host, config.httpsPort);
    process.stdout.write(`${runCerts(loaded, { json: !!opts.json, ...urls })}\n`);
  },
  async validate(file, opts) {
    finish(await runValidate(file, opts));
  },
  async catalog(opts) {
    finish(runCatalog(opts));
  },
  async wait(opts) {
    const since = waitSince(opts, Date.now());
    const timeoutMs = parseDuration(str(opts.timeout) ?? "60s");
    const attempts = Number(opts.attempts ?? 1);
    if (!Number.isInteger(attempts) || attempts < 1)
      throw new ConfigError("--attempts must be a whole number >= 1");
    const event = str(opts.event);
    const outcome = str(opts.outcome) as Outcome | undefined;
    finish(
      await runWait({
        ...clientTarget(opts),
        endpoint: String(opts.endpoint),
        ...(event ? { event } : {}),
        ...(outcome ? { outcome } : {}),
        attempts,
        timeoutMs,
        since,
        json: !!opts.json,
      }),
    );
  },
  async export(id, opts) {
    const samples = str(opts.samples);
    finish(
      await runExport({
        ...clientTarget(opts),
        ...(id ? { id } : {}),
        all: !!opts.all,
        format: str(opts.format) ?? "json",
        ...(samples ? { samples } : {}),
        redact: opts.redact !== false,
        normalize: !!opts.normalize,
        json: !!opts.json,
      }),
    );
  },
  async send(target, opts) {
    const o = (k: string) => str(opts[k]);
    finish(
      await runSend({
        target,
        // only --endpoint needs the console: --to alone works without one
        ...(o("endpoint") ? clientTarget(opts) : { console: "" }),
        certsDir: o("certs") ?? "certs",
        ...Object.fromEntries(
          ["sample", "body", "to", "endpoint", "cert", "key", "retry", "timeScale", "maxAttempts"].flatMap(
            (k) => (o(k) ? [[k, o(k)]] : []),
          ),
        ),
        quaysideCert: !!opts.quaysideCert,
        insecure: !!opts.insecure,
        json: !!opts.json,
      }),
    );
  },
});

try {
  await cli.parseAsync(process.argv);
} catch (e) {
  if (e instanceof ConfigError || e instanceof StartupError || e instanceof DataDirLockedError) {
    console.error(`quayside: ${e.message}`);
    process.exit(1);
  }
  const err = e as NodeJS.ErrnoException;
  console.error(`quayside: ${err.message}`);
  process.exit(1);
}
