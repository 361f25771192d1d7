// The "json" and "raw" exports: the body pretty-printed for reading, or its bytes as received.
import { type ExportFile, headerValue, type PreparedDelivery, prettyBody, safeSegment } from "./prepare.ts";

/** Pretty JSON of the body; the text as-is when it is not JSON; base64 text for binary bodies. */
export function jsonExport(p: PreparedDelivery): ExportFile {
  const name = `delivery-${safeSegment(p.source.id)}`;
  const pretty = prettyBody(p);
  if (pretty !== null && p.isJson) {
    return { contentType: "application/json; charset=utf-8", filename: `${name}.json`, body: pretty };
  }
  return {
    contentType: "text/plain; charset=utf-8",
    filename: `${name}.txt`,
    body: pretty ?? p.bytes.toString("base64"),
  };
}

/** The body bytes (redacted when asked), with the content type the sender declared. */
export function rawExport(p: PreparedDelivery): ExportFile {
  const declared = headerValue(p.headers, "content-type");
  return {
    contentType: declared ?? "application/octet-stream",
    filename: `delivery-${safeSegment(p.source.id)}.${p.isJson ? "json" : "bin"}`,
    body: p.bytes,
  };
}
