// The command line: every command, its options and --help (commander). Actions are passed in
// by main.ts, so parsing has no side effects and is testable.
import { Command, Option } from "commander";
import { REGISTRY_IDS } from "../contract/types.ts";
import { FOREVER_CAP } from "../send/index.ts";
import { KEY_TYPES, type KeyType } from "../tls/pki.ts";

export interface CliActions {
  serve(flags: Record<string, unknown>): Promise<void>;
  /** Only the flags given on the command line: the rest come from the environment and config file. */
  certs(
    flags: { certs?: string; san?: string[]; keyType?: KeyType; httpsPort?: string; host?: string },
    opts: { json?: boolean },
  ): Promise<void>;
  validate(file: string, opts: { registry?: string; event?: string; json?: boolean }): Promise<void>;
  catalog(opts: { json?: boolean }): Promise<void>;
  wait(opts: Record<string, string | boolean | undefined>): Promise<void>;
  export(id: string | undefined, opts: Record<string, string | boolean | undefined>): Promise<void>;
  send(target: string, opts: Record<string, string | boolean | undefined>): Promise<void>;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The options given on the command line: only these override file and environment settings. */
function givenOptions(opts: Record<string, unknown>, cmd: Command): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const key of Object.keys(opts)) {
    if (cmd.getOptionValueSource(key) === "cli") given[key] = opts[key];
  }
  return given;
}

const CONSOLE_HELP =
  "console URL (default: http://<consoleHost>:<consolePort> from QUAYSIDE_CONSOLE_HOST/PORT or quayside.config.json, else http://127.0.0.1:4400)";
const TOKEN_HELP = "console token (default: QUAYSIDE_TOKEN, then token in quayside.config.json)";
const keyTypeOption = () =>
  new Option(
    "--key-type <type>",
    "key of generated certificates: ec (P-256, fast handshakes) or rsa (old clients)",
  ).choices(KEY_TYPES);

/** `quayside serve` */
function addServe(program: Command, actions: CliActions): void {
  program
    .command("serve", { isDefault: true })
    .description("start the receiver (HTTPS + HTTP) and the console")
    .option("--https-port <port>", "HTTPS receiver port (0 = any free port)", "8443")
    .option("--http-port <port>", "plain HTTP receiver port", "8080")
    .option("--no-http", "do not listen on plain HTTP")
    .option("--console-port <port>", "console (UI + API) port", "4400")
    .option("--host <addr>", "receiver bind address", "0.0.0.0")
    .option("--console-host <addr>", "console bind address (non-loopback needs --token)", "127.0.0.1")
    .option("--data <dir>", "data directory", ".quayside")
    .option("--certs <dir>", "certificate directory", "certs")
    .addOption(
      new Option("--client-cert <mode>", "client-certificate policy").choices(["off", "report", "require"]),
    )
    .option("--retention <n>", "deliveries kept (oldest dropped first)")
    .option("--body-limit <bytes>", "largest body accepted")
    .option("--san <name>", "extra name for the server certificate (repeatable)", collect)
    .option("--token <token>", "console token (required off loopback)")
    .option("--server-cert <file>", "use this server certificate instead of a generated one")
    .option("--server-key <file>", "key for --server-cert")
    .option("--allow-host <name>", "extra Host name the console answers to (repeatable)", collect)
    .addOption(keyTypeOption())
    // serve is the default command, so `quayside foo` reaches it with "foo" as an argument
    .allowExcessArguments()
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const [unknown] = cmd.args;
      if (unknown !== undefined) {
        const names = program.commands.map((c) => c.name()).join(", ");
        program.error(`error: unknown command '${unknown}' (commands: ${names}; quayside alone runs serve)`, {
          code: "commander.unknownCommand",
        });
      }
      const given = givenOptions(opts, cmd);
      if (given.http === false) given.httpPort = false;
      delete given.http;
      await actions.serve(given);
    });
}

/** `quayside certs` */
function addCerts(program: Command, actions: CliActions): void {
  program
    .command("certs")
    .description("show the certificates (creating them if needed) and how to make each registry trust them")
    .option("--certs <dir>", "certificate directory", "certs")
    .option("--san <name>", "extra server name (repeatable)", collect)
    .addOption(keyTypeOption())
    .option("--https-port <port>", "the receiver's HTTPS port, for the URLs shown", "8443")
    .option("--host <addr>", "the receiver's bind address; loopback shows loopback URLs only", "0.0.0.0")
    .option("--json", "machine-readable output")
    .action((opts: Record<string, unknown>, cmd: Command) => {
      const { json, ...flags } = givenOptions(opts, cmd);
      return actions.certs(flags, { json: !!json });
    });
}

/** `quayside validate` */
function addValidate(program: Command, actions: CliActions): void {
  program
    .command("validate <file>")
    .description("recognise and validate a webhook body offline (exit 1 when invalid)")
    .option(
      "--registry <id>",
      "a registry id (quayside catalog lists them); a body that looks like another registry's is refused (exit 1) unless --event is given too",
    )
    .option(
      "--event <id>",
      "event id, e.g. repo_push (needed for Quay bodies); with --registry, validates against that event's schema whatever the body looks like",
    )
    .option("--json", "machine-readable output")
    .action((file, opts) => actions.validate(file, opts));
}

/** `quayside catalog` */
function addCatalog(program: Command, actions: CliActions): void {
  program
    .command("catalog")
    .description("list every registry event Quayside knows")
    .option("--json", "machine-readable output")
    .action((opts) => actions.catalog(opts));
}

/** `quayside wait` */
function addWait(program: Command, actions: CliActions): void {
  program
    .command("wait")
    .description("wait until an endpoint received an event (for CI); exit 0 when seen, 1 on timeout")
    .requiredOption("--endpoint <name>", "endpoint name")
    .option("--event <registry/event>", "only chains of this event, e.g. quay/repo_push")
    .option("--attempts <n>", "wait for at least this many attempts in one chain", "1")
    .addOption(
      new Option("--outcome <outcome>", "wait until the chain has this outcome").choices([
        "delivered",
        "gave-up",
        "failing",
      ]),
    )
    .option(
      "--since <time>",
      "only chains whose first attempt came after this: now, a duration ago (10m) or an ISO time (default: when wait started, so start wait before triggering the push)",
    )
    .option("--timeout <duration>", "give up after (e.g. 60s, 2m)", "60s")
    .option("--console <url>", CONSOLE_HELP)
    .option("--token <token>", TOKEN_HELP)
    .option("--json", "machine-readable output")
    .action((opts) => actions.wait(opts));
}

/** `quayside export` */
function addExport(program: Command, actions: CliActions): void {
  program
    .command("export [id]")
    .description(
      "export a delivery (json, raw, md, curl, fixture, har), one sample per event (--samples), or every delivery (--all)",
    )
    .option("--format <format>", "json | raw | md | curl | fixture | har", "json")
    .option(
      "--samples <dir>",
      "one sample per registry/event seen: unpacked into this folder, or kept as one zip when the name ends in .zip",
    )
    .option("--all", "export every delivery (with --format har or md)")
    .option("--no-redact", "keep host names, addresses and secrets")
    .option("--normalize", "stable placeholder timestamps, ids and digests (diffs cleanly)")
    .option("--json", "machine-readable output")
    .option("--console <url>", CONSOLE_HELP)
    .option("--token <token>", TOKEN_HELP)
    .action((id, opts) => actions.export(id, opts));
}

/** `quayside send` */
function addSend(program: Command, actions: CliActions): void {
  program
    .command("send <registry/event>")
    .description("send a catalog sample the way that registry does (headers, timeout, retries)")
    .option("--sample <name>", "sample variant, e.g. test-notification")
    .option("--body <file>", "send this body instead of a sample")
    .option("--to <url>", "target URL")
    .option("--endpoint <name>", "send to this Quayside endpoint (the local receiver)")
    .option("--cert <file>", "client certificate")
    .option("--key <file>", "client key")
    .option("--quayside-cert", "present Quayside's own client certificate")
    .option("--insecure", "do not verify the target's server certificate")
    .addOption(
      new Option("--retry <profile>", "retry like this registry (default: the sender's own)").choices([
        ...REGISTRY_IDS,
        "none",
      ]),
    )
    .option("--time-scale <factor>", "multiply every wait by this (0.01 makes 30 s waits 0.3 s)", "1")
    .option(
      "--max-attempts <n>",
      `stop after n attempts (EventBridge makes up to 185 over 24 h; senders that retry until delivered stop at ${FOREVER_CAP} unless told)`,
    )
    .option("--console <url>", `${CONSOLE_HELP}; used with --endpoint`)
    .option("--token <token>", TOKEN_HELP)
    .option("--certs <dir>", "certificate directory (CA and --quayside-cert)", "certs")
    .option("--json", "machine-readable output")
    .action((target, opts) => actions.send(target, opts));
}

export function buildCli(actions: CliActions): Command {
  const program = new Command("quayside")
    .description("Receive, inspect, validate and replay container-registry webhooks")
    .showHelpAfterError();
  addServe(program, actions);
  addCerts(program, actions);
  addValidate(program, actions);
  addCatalog(program, actions);
  addWait(program, actions);
  addExport(program, actions);
  addSend(program, actions);

  return program;
}
