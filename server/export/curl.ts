// The "curl" export: a shell command that sends the same request again, byte for byte, with
// Quayside's CA (and client certificate when the sender presented one) for TLS.
import { type ExportFile, headerValue, type PreparedDelivery, safeSegment } from "./prepare.ts";

/** Headers curl computes itself or that belong to the old connection. */
const SKIPPED = new Set([
  "host",
  "content-length",
  "connection",
  "transfer-encoding",
  "accept-encoding",
  "keep-alive",
]);
/** Longest body passed as one argument; Linux refuses single arguments over 128 KiB (E2BIG). */
const MAX_INLINE_BODY = 64 * 1024;

export interface CurlOptions {
  /** Folder holding ca.pem, client.pem and client-key.pem, as the user would type it. */
  certsDir?: string;
}

/** POSIX single quotes keep every character but NUL literally; a quote becomes '\''. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** The curl command (without a trailing newline) reproducing the prepared request. */
export function curlCommand(p: PreparedDelivery, opts: CurlOptions = {}): string {
  const certs = opts.certsDir ?? "certs";
  // One option per line, so the command reads like the request it reproduces.
  const lines: string[] = ["curl"];
  const hasBody = p.bytes.length > 0;
  if (p.method === "HEAD") lines.push("--head");
  else if (!(p.method === "POST" && hasBody) && !(p.method === "GET" && !hasBody)) {
    lines.push(`-X ${shellQuote(p.method)}`);
  }
  if (/^https:/i.test(p.url)) {
    // Any https target needs our CA to verify the receiver's certificate.
    lines.push(`--cacert ${shellQuote(`${certs}/ca.pem`)}`);
    if (p.source.tls?.clientCert.presented) {
      lines.push(
        `--cert ${shellQuote(`${certs}/client.pem`)} --key ${shellQuote(`${certs}/client-key.pem`)}`,
      );
    }
  }
  for (const [name, value] of p.headers) {
    if (SKIPPED.has(name.toLowerCase())) continue;
    lines.push(`-H ${shellQuote(value === "" ? `${name};` : `${name}: ${value}`)}`);
  }
  // curl adds these on its own; an empty header stops it, so only what arrived is sent.
  const suppress = (name: string) => lines.push(`-H ${shellQuote(`${name}:`)}`);
  if (!headerValue(p.headers, "user-agent")) suppress("User-Agent");
  if (!headerValue(p.headers, "accept")) suppress("Accept");
  if (hasBody && !headerValue(p.headers, "content-type")) suppress("Content-Type");
  // Older curl versions ask "Expect: 100-continue" for bodies over 1 KiB.
  if (p.bytes.length > 1024 && !headerValue(p.headers, "expect")) suppress("Expect");
  lines.push(shellQuote(p.url));
  if (!hasBody) return lines.join(" \\\n  ");

  const text = p.text;
  const inline =
    text !== null && !text.includes("\0") && !text.startsWith("@") && text.length <= MAX_INLINE_BODY;
  if (inline) return [...lines, `--data-binary ${shellQuote(text)}`].join(" \\\n  ");
  const command = [...lines, "--data-binary @-"].join(" \\\n  ");
  // printf is a shell builtin, so a large argument never meets the exec size limit.
  if (text !== null && !text.includes("\0")) return `printf %s ${shellQuote(text)} | ${command}`;
  return `printf %s ${shellQuote(p.bytes.toString("base64"))} | base64 -d | ${command}`;
}

/** The curl command as a downloadable shell snippet. */
export function curlExport(p: PreparedDelivery, opts: CurlOptions = {}): ExportFile {
  return {
    contentType: "text/plain; charset=utf-8",
    filename: `delivery-${safeSegment(p.source.id)}.sh`,
    body: `${curlCommand(p, opts)}\n`,
  };
}
