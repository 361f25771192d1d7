// `quayside export`: asks a running console for an export and prints it, or writes the
// samples (a zip, unpacked to <registry>/<event>.json + README.md, or kept as DIR.zip).
// Exit 0 done, 1 failed, 2 bad usage.
import { writeFile } from "node:fs/promises";
import type { ErrorBody } from "../contract/index.ts";
import { isManyFormat, isSingleFormat, MANY_FORMATS, SINGLE_FORMATS } from "../export/index.ts";
import { writeSampleFiles } from "../export/samples.ts";
import { unzip } from "../export/zip.ts";
import { refused, unreachable } from "./console-target.ts";

export interface ExportCommandOptions {
  /** Console base URL, e.g. http://127.0.0.1:4400. */
  console: string;
  /** Delivery id; without it, `all` with har or md exports every delivery (up to the API's limit). */
  id?: string;
  /** Export every delivery (har or md): asked for explicitly, so a forgotten id is an error, not a dump. */
  all?: boolean;
  format?: string;
  /** Folder to write one sample per (registry, event) into; a name ending in .zip keeps the archive. */
  samples?: string;
  /** Default true: host names, addresses and secrets masked. */
  redact?: boolean;
  normalize?: boolean;
  json?: boolean;
  token?: string;
}

export interface ExportCommandResult {
  exitCode: number;
  output: string;
  /** The exact bytes for `--format raw` (output holds them decoded as UTF-8). */
  bytes?: Buffer;
}

const REQUEST_TIMEOUT_MS = 30_000;

async function request(opts: ExportCommandOptions, path: string, params: Record<string, string>) {
  const url = new URL(path, opts.console);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  url.searchParams.set("redact", String(opts.redact !== false));
  if (opts.normalize) url.searchParams.set("normalize", "true");
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new Error(unreachable(opts.console, error));
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.status === 401 || response.status === 403)
    throw new Error(refused(opts.console, response.status, !!opts.token));
  if (!response.ok) {
    let message = `the console answered ${response.status}`;
    try {
      const body = JSON.parse(bytes.toString("utf8")) as ErrorBody;
      message = `${body.error.message} (${body.error.code})`;
    } catch {
      // not our error shape: the status says enough
    }
    throw new Error(message);
  }
  return { bytes, filename: response.headers.get("x-quayside-filename") ?? "" };
}

function failure(opts: ExportCommandOptions, exitCode: number, message: string): ExportCommandResult {
  return { exitCode, output: opts.json ? JSON.stringify({ error: message }) : `quayside export: ${message}` };
}

/** `--samples DIR`: the console's zip, unpacked into DIR (or written as is to a .zip path). */
async function writeSamples(opts: ExportCommandOptions, dir: string): Promise<ExportCommandResult> {
  const { bytes } = await request(opts, "/api/export", { format: "samples" });
  const entries = unzip(bytes);
  if (/\.zip$/i.test(dir)) await writeFile(dir, bytes);
  const written = /\.zip$/i.test(dir) ? [dir] : await writeSampleFiles(dir, entries);
  const samples = entries.length - 1; // README.md is always there
  if (opts.json) return { exitCode: 0, output: JSON.stringify({ dir, files: written }, null, 2) };
  const what = `${samples} sample${samples === 1 ? "" : "s"} and README.md`;
  return { exitCode: 0, output: `wrote ${what} to ${dir}` };
}

/**
 * Runs `quayside export ID --format md`, `quayside export --all --format har` or
 * `quayside export --samples DIR` against a running console.
 * @example await runExport({ console: "http://127.0.0.1:4400", id: "d_1", format: "curl" })
 */
export async function runExport(opts: ExportCommandOptions): Promise<ExportCommandResult> {
  const format = opts.format ?? "json";
  try {
    if (opts.samples !== undefined) return await writeSamples(opts, opts.samples);
    const many = MANY_FORMATS.filter((f) => f !== "samples").join("|");
    if (opts.id !== undefined && opts.all) return failure(opts, 2, "give a delivery id or --all, not both");
    if (opts.id === undefined) {
      if (!opts.all) {
        return failure(
          opts,
          2,
          `name what to export: quayside export ID [--format ${SINGLE_FORMATS.join("|")}] for one delivery, --samples DIR for one sample per registry/event, or --all --format ${many} for every delivery`,
        );
      }
      if (!isManyFormat(format) || format === "samples")
        return failure(opts, 2, `--all needs --format ${many}`);
      const { bytes, filename } = await request(opts, "/api/export", { format });
      const text = bytes.toString("utf8");
      return { exitCode: 0, output: opts.json ? JSON.stringify({ filename, body: text }) : text };
    }
    if (!isSingleFormat(format))
      return failure(opts, 2, `--format must be one of ${SINGLE_FORMATS.join(", ")}`);
    const { bytes, filename } = await request(opts, `/api/deliveries/${encodeURIComponent(opts.id)}/export`, {
      format,
    });
    const text = bytes.toString("utf8");
    if (opts.json) return { exitCode: 0, output: JSON.stringify({ filename, body: text }) };
    return { exitCode: 0, output: text, ...(format === "raw" ? { bytes } : {}) };
  } catch (error) {
    return failure(opts, 1, (error as Error).message);
  }
}
