// Each stored delivery is serialised once: the active segment's journal appends those bytes and
// sealing the segment writes them again, so no write re-encodes a record it has written before.
import type { DeliveryDetail } from "../contract/index.ts";

const cached = new WeakMap<DeliveryDetail, Buffer>();

/** The record's JSON as UTF-8 bytes, encoded on first use. */
export function recordBytes(record: DeliveryDetail): Buffer {
  let bytes = cached.get(record);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(record));
    cached.set(record, bytes);
  }
  return bytes;
}

/** Call after changing a stored record in place (e.g. a replay result added). */
export function forgetRecordText(record: DeliveryDetail): void {
  cached.delete(record);
}
