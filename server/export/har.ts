// The HAR 1.2 export (one or many deliveries): each delivery is an entry whose request holds
// the exact body and whose response is what Quayside answered. Shape per the har-schema package.
import { readFileSync } from "node:fs";
import { STATUS_CODES } from "node:http";
import { projectPath } from "../paths.ts";
import { type ExportFile, headerValue, type PreparedDelivery } from "./prepare.ts";

type NameValue = { name: string; value: string };

let cachedVersion: string | undefined;
/** Read on first use, not at import (nothing runs at import time). */
function quaysideVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  let version = "unknown";
  try {
    const pkg = JSON.parse(readFileSync(projectPath("package.json"), "utf8"));
    if (typeof pkg.version === "string") version = pkg.version;
  } catch {
    // a missing package.json only costs the creator version
  }
  cachedVersion = version;
  return version;
}

const pairs = (h: readonly [string, string][]): NameValue[] => h.map(([name, value]) => ({ name, value }));

/** HAR wants an RFC 3986 URI; WHATWG URL percent-encodes what redaction put there (`<`, `>`). */
function harUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

function queryString(target: string): NameValue[] {
  const at = target.indexOf("?");
  if (at === -1) return [];
  return [...new URLSearchParams(target.slice(at + 1))].map(([name, value]) => ({ name, value }));
}

/** One HAR entry for a prepared delivery. */
export function harEntry(p: PreparedDelivery) {
  const d = p.source;
  const request: Record<string, unknown> = {
    method: p.method,
    url: harUrl(p.url),
    httpVersion: "HTTP/1.1",
    cookies: [],
    headers: pairs(p.headers),
    queryString: queryString(p.target),
    headersSize: -1,
    bodySize: p.bytes.length,
  };
  if (p.bytes.length > 0) {
    const mimeType = headerValue(p.headers, "content-type") ?? "";
    // HAR 1.2 postData has no encoding field; "_encoding" follows the spec's custom-field rule.
    request.postData =
      p.text !== null
        ? { mimeType, text: p.text }
        : {
            mimeType,
            text: p.bytes.toString("base64"),
            _encoding: "base64",
            comment: "body is not UTF-8: base64",
          };
  }
  const answer = p.response;
  const wait = Math.max(0, d.timings.storedMs - d.timings.receivedMs) + d.response.delayMs;
  return {
    startedDateTime: p.receivedAt,
    time: wait,
    request,
    response: {
      status: answer.status,
      statusText: STATUS_CODES[answer.status] ?? "",
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: pairs(answer.headers),
      content: {
        size: Buffer.byteLength(answer.body),
        mimeType: headerValue(answer.headers, "content-type") ?? "",
        text: answer.body,
      },
      redirectURL: "",
      headersSize: -1,
      bodySize: Buffer.byteLength(answer.body),
      ...(d.response.action !== "respond" ? { comment: `no HTTP answer: ${d.response.action}` } : {}),
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait, receive: 0 },
    comment: `${d.registry ?? "unknown"} ${d.event ?? "event"} (${d.validity}) on endpoint ${d.endpoint}`,
  };
}

/** A HAR 1.2 document for the given deliveries, oldest first as HAR viewers expect. */
export function harDocument(ps: readonly PreparedDelivery[]) {
  const ordered = [...ps].sort((a, b) => a.source.seq - b.source.seq);
  return {
    log: {
      version: "1.2",
      creator: { name: "Quayside", version: quaysideVersion() },
      entries: ordered.map(harEntry),
    },
  };
}

/** The HAR document as a download. */
export function harExport(ps: readonly PreparedDelivery[], filename: string): ExportFile {
  return {
    contentType: "application/json; charset=utf-8",
    filename,
    body: `${JSON.stringify(harDocument(ps), null, 2)}\n`,
  };
}
