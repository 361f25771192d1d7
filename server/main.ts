// The composition root: parses the command line, resolves configuration and runs a command.
// The only module that touches process.env, process.exit and signals.

import { banner } from "./banner.ts";
import { buildCli } from "./cli.ts";
import { runCatalog } from "./commands/catalog.ts";
import { runCerts } from "./commands/certs.ts";
import { runExport } from "./commands/export.ts";
import { runSend } from "./commands/send.ts";
import { runValidate } from "./commands/validate.ts";
import { parseDuration, runWait } from "./commands/wait.ts";
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
  async certs(opts) {
    const loaded = await ensureCerts(opts.certs ?? "certs", {
      sans: opts.san ?? [],
      ...(opts.keyType ? { keyType: opts.keyType } : {}),
    });
    process.stdout.write(`${runCerts(loaded, { json: !!opts.json })}\n`);
  },
  async validate(file, opts) {
    finish(await runValidate(file, opts));
  },
  async catalog(opts) {
    finish(runCatalog(opts));
  },
  async wait(opts) {
    const timeoutMs = parseDuration(str(opts.timeout) ?? "60s");
    const attempts = Number(opts.attempts ?? 1);
    if (!Number.isInteger(attempts) || attempts < 1)
      throw new ConfigError("--attempts must be a whole number >= 1");
    const event = str(opts.event);
    const token = str(opts.token) ?? process.env.QUAYSIDE_TOKEN;
    finish(
      await runWait({
        console: str(opts.console) ?? "http://127.0.0.1:4400",
        endpoint: String(opts.endpoint),
        ...(event ? { event } : {}),
        attempts,
        timeoutMs,
        json: !!opts.json,
        ...(token ? { token } : {}),
      }),
    );
  },
  async export(id, opts) {
    const samples = str(opts.samples);
    finish(
      await runExport({
        console: str(opts.console) ?? "http://127.0.0.1:4400",
        ...(id ? { id } : {}),
        format: str(opts.format) ?? "json",
        ...(samples ? { samples } : {}),
        redact: opts.redact !== false,
        normalize: !!opts.normalize,
        json: !!opts.json,
        ...(process.env.QUAYSIDE_TOKEN ? { token: process.env.QUAYSIDE_TOKEN } : {}),
      }),
    );
  },
  async send(target, opts) {
    const o = (k: string) => str(opts[k]);
    finish(
      await runSend({
        target,
        console: o("console") ?? "http://127.0.0.1:4400",
        certsDir: o("certs") ?? "certs",
        ...Object.fromEntries(
          ["sample", "body", "to", "endpoint", "cert", "key", "retry", "timeScale"].flatMap((k) =>
            o(k) ? [[k, o(k)]] : [],
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
