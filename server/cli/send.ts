// `quayside send <registry>/<event>`: a catalog sample (or a file) sent the way that registry
// sends it, with its retries; exit 0 when delivered.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { REGISTRY_IDS, type RegistryId } from "../contract/index.ts";
import { parseTarget } from "../outbound/index.ts";
import { describeAttempt, type SendAttempt, sendLikeRegistry } from "../send/index.ts";
import { readSample } from "../send/samples.ts";
import { refused, unreachable } from "./console-target.ts";

export interface SendCommandOptions {
  target: string;
  sample?: string;
  body?: string;
  to?: string;
  endpoint?: string;
  cert?: string;
  key?: string;
  quaysideCert?: boolean;
  certsDir: string;
  insecure?: boolean;
  retry?: string;
  timeScale?: string;
  /** Stop after this many attempts (EventBridge's 24 h schedule, senders that retry until delivered). */
  maxAttempts?: string;
  /** Console base URL (for --endpoint), resolved like `serve` resolves its own. */
  console: string;
  token?: string;
  json?: boolean;
}

async function receiverUrl(opts: SendCommandOptions, registry: string, event: string): Promise<URL> {
  const consoleUrl = opts.console;
  const headers: Record<string, string> = opts.token ? { authorization: `Bearer ${opts.token}` } : {};
  let response: Response;
  try {
    response = await fetch(`${consoleUrl}/api/health`, { headers });
  } catch (error) {
    throw new Error(`${unreachable(consoleUrl, error)} (or use --to URL)`);
  }
  if (response.status === 401 || response.status === 403)
    throw new Error(refused(consoleUrl, response.status, !!opts.token));
  let health: { urls?: { https?: string | null } };
  try {
    health = (await response.json()) as typeof health;
  } catch {
    throw new Error(
      `the console at ${consoleUrl} did not answer as Quayside does (set --console, or use --to URL)`,
    );
  }
  const base = health.urls?.https?.replace("localhost", "127.0.0.1");
  if (!base) throw new Error("the running Quayside has no HTTPS receiver; use --to URL");
  // Quay bodies carry no event name: pin it in the path, as users configure it.
  return new URL(`${base}/hooks/${opts.endpoint}${registry === "quay" ? `/quay/${event}` : ""}`);
}

export async function runSend(opts: SendCommandOptions): Promise<{ exitCode: number; output: string }> {
  const [registry, event] = opts.target.split("/", 2) as [string, string | undefined];
  if (!REGISTRY_IDS.includes(registry as RegistryId) || !event) {
    return {
      exitCode: 2,
      output: `quayside send: name the event as <registry>/<event>, e.g. quay/repo_push (registries: ${REGISTRY_IDS.join(", ")})`,
    };
  }
  if (!opts.to === !opts.endpoint)
    return { exitCode: 2, output: "quayside send: give exactly one of --to URL or --endpoint NAME" };
  const retry = opts.retry ?? registry;
  if (retry !== "none" && !REGISTRY_IDS.includes(retry as RegistryId)) {
    return {
      exitCode: 2,
      output: `quayside send: --retry must be one of ${REGISTRY_IDS.join(", ")} or none`,
    };
  }
  const timeScale = Number(opts.timeScale ?? 1);
  if (!(timeScale > 0))
    return { exitCode: 2, output: "quayside send: --time-scale must be a positive number" };
  const maxAttempts = opts.maxAttempts === undefined ? undefined : Number(opts.maxAttempts);
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1))
    return { exitCode: 2, output: "quayside send: --max-attempts must be a whole number of at least 1" };
  try {
    // a sample travels with its sidecar's headers; a --body file with the profile's only
    const { body, headers } = opts.body
      ? { body: await readFile(opts.body), headers: [] }
      : await readSample(registry, event, opts.sample);
    const to = opts.to ? parseTarget(opts.to) : await receiverUrl(opts, registry, event);
    const ca = await readFile(join(opts.certsDir, "ca.pem"), "utf8").catch(() => null);
    let cert: { cert: string; key: string } | undefined;
    if (opts.cert || opts.key) {
      if (!opts.cert || !opts.key)
        return { exitCode: 2, output: "quayside send: --cert and --key go together" };
      cert = { cert: await readFile(opts.cert, "utf8"), key: await readFile(opts.key, "utf8") };
    } else if (opts.quaysideCert) {
      cert = {
        cert: await readFile(join(opts.certsDir, "client.pem"), "utf8"),
        key: await readFile(join(opts.certsDir, "client-key.pem"), "utf8"),
      };
    }
    const lines: string[] = [];
    const result = await sendLikeRegistry({
      registry: registry as RegistryId,
      body,
      to,
      retry: retry as RegistryId | "none",
      timeScale,
      headers,
      ...(maxAttempts !== undefined ? { maxAttempts } : {}),
      ...(cert ? { cert } : {}),
      ...(ca ? { ca: [ca] } : {}),
      insecure: !!opts.insecure,
      onAttempt: (a: SendAttempt) => {
        if (!opts.json) process.stdout.write(`${describeAttempt(a)}\n`);
        lines.push(describeAttempt(a));
      },
    });
    const summary = result.delivered
      ? `delivered ${registry}/${event} to ${to} after ${result.attempts.length} attempt(s)`
      : `NOT delivered: ${registry}/${event} to ${to} failed ${result.attempts.length} attempt(s)`;
    return {
      exitCode: result.delivered ? 0 : 1,
      output: opts.json
        ? JSON.stringify({ delivered: result.delivered, to: String(to), attempts: result.attempts }, null, 2)
        : summary,
    };
  } catch (e) {
    return { exitCode: 2, output: `quayside send: ${(e as Error).message}` };
  }
}
