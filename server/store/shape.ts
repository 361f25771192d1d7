// What a stored record must look like before the store uses it. A data file is input too: a
// line that parses as JSON but is not a delivery (`null`, `1`, `{}`) is set aside and reported
// like a line that does not parse, instead of stopping start-up or a read later on.
import type { DeliveryDetail, DeliverySummary } from "../contract/index.ts";

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: Fields, names: readonly string[]) => names.every((n) => typeof v[n] === "string");
const numbers = (v: Fields, names: readonly string[]) => names.every((n) => typeof v[n] === "number");
const nullableStrings = (v: Fields, names: readonly string[]) =>
  names.every((n) => v[n] === null || typeof v[n] === "string");

const SUMMARY_STRINGS = ["id", "receivedAt", "endpoint", "method", "path", "detection", "validity"] as const;
const SUMMARY_NUMBERS = ["seq", "issueCount", "status", "size"] as const;
const SUMMARY_NULLABLE = ["registry", "event", "repository", "tag", "digest", "replayOf"] as const;

/** A summary the index and the list can use: every field the list reads has its type. */
export function isSummary(v: unknown): v is DeliverySummary {
  if (!isObject(v)) return false;
  if (!strings(v, SUMMARY_STRINGS) || !numbers(v, SUMMARY_NUMBERS)) return false;
  if (!nullableStrings(v, SUMMARY_NULLABLE)) return false;
  const cert = v.clientCert;
  if (!isObject(cert) || typeof cert.presented !== "boolean" || typeof cert.verdict !== "string")
    return false;
  const chain = v.chain;
  if (
    chain !== null &&
    !(isObject(chain) && typeof chain.id === "string" && typeof chain.attempt === "number")
  )
    return false;
  return v.note === undefined || typeof v.note === "string";
}

/** A whole delivery: a summary plus the parts the detail view, replay and export read. */
export function isDeliveryRecord(v: unknown): v is DeliveryDetail {
  if (!isSummary(v)) return false;
  const d = v as unknown as Fields;
  if (typeof d.query !== "string" || !Array.isArray(d.headers) || !Array.isArray(d.replays)) return false;
  if (!d.headers.every((h) => Array.isArray(h) && typeof h[0] === "string" && typeof h[1] === "string"))
    return false;
  const body = d.body;
  if (!isObject(body) || !(typeof body.text === "string" || typeof body.base64 === "string")) return false;
  const validation = d.validation;
  if (!isObject(validation) || !Array.isArray(validation.issues)) return false;
  return isObject(d.response) && isObject(d.remote) && isObject(d.timings);
}
