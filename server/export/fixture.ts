// The "fixture" export: the body bytes exactly as received, named where the fixture tree
// keeps them (fixtures/<registry>/<event>.json), ready to drop into a test suite.
import { type ExportFile, type PreparedDelivery, safeSegment } from "./prepare.ts";

/** The suggested fixture path for a delivery: fixtures/<registry>/<event>.json. */
export function fixturePath(p: PreparedDelivery): string {
  const { registry, event, id } = p.source;
  const ext = p.isJson ? "json" : p.text === null ? "bin" : "txt";
  if (!registry || !event) return `fixtures/unknown/${safeSegment(id)}.${ext}`;
  return `fixtures/${safeSegment(registry)}/${safeSegment(event)}.${ext}`;
}

/** The raw body bytes with the suggested fixture path as its file name. */
export function fixtureExport(p: PreparedDelivery): ExportFile {
  return {
    contentType: p.isJson ? "application/json" : "application/octet-stream",
    filename: fixturePath(p),
    body: p.bytes,
  };
}
