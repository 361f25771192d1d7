// The search worker's scanning, kept apart from its thread wiring so it runs (and is tested) in
// process too. Each file is read whole into one reused buffer and tested with each term's
// pre-filter; only a file with a hit is parsed and its records checked. A job stops at the next
// file once its flag is set (the request was aborted, or the page is full).
import { closeSync, openSync, readSync } from "node:fs";
import type { ScanJob, ScanReply } from "./search.ts";
import { type Anchor, anchorPattern, recordMask } from "./search-terms.ts";
import { isDeliveryRecord } from "./shape.ts";

/** The read buffer's size between jobs: a larger one, grown for a large segment, is let go. */
export const KEPT_BUFFER = 4 << 20;
let buffer = Buffer.allocUnsafe(KEPT_BUFFER);

/** The read buffer's current size (it grows for a large segment until the job ends). */
export const bufferSize = (): number => buffer.length;

/** Reads a whole file into `buffer` (to its end, so a pipe works too); its length, or -1 if gone. */
export function readAll(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return -1; // removed since the job was planned (deleted, or retention)
  }
  try {
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const got = readSync(fd, buffer, length, buffer.length - length, null);
      if (got === 0) return length;
      length += got;
    }
  } finally {
    closeSync(fd);
  }
}

/** The records of a sealed file (`{"deliveries":[…]}`) or a journal (one per line). */
export function parseRecords(text: string, journal: boolean): unknown[] {
  try {
    if (!journal) {
      const deliveries = (JSON.parse(text) as { deliveries?: unknown } | null)?.deliveries;
      return Array.isArray(deliveries) ? deliveries : [];
    }
    return text
      .split("\n")
      .filter((line) => line !== "")
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as unknown];
        } catch {
          return []; // a line cut off by a crash: never acknowledged
        }
      });
  } catch {
    return []; // a corrupt file: the store reports it; nothing in it can be shown anyway
  }
}

/**
 * Bytes tested at once: the file is read as latin1 strings this long (and overlapping by a
 * match's length), small enough to be young-generation garbage; one string per 1 MB file would
 * go to the old generation and pile up to hundreds of MB before a collection.
 */
export const PIECE = 64 << 10;

/** Whether the first `length` bytes of `buffer` hold a match for `anchor`. */
export function found(anchor: Anchor, length: number): boolean {
  const overlap = anchor.maxBytes - 1;
  for (let at = 0; at < length; at += PIECE) {
    if (anchor.pattern.test(buffer.toString("latin1", at, Math.min(length, at + PIECE + overlap))))
      return true;
  }
  return false;
}

/** The terms (as bits) whose pre-filter matches the first `length` bytes of `buffer`. */
export function fileTerms(anchors: readonly (Anchor | null)[], length: number): number {
  let which = 0;
  anchors.forEach((a, bit) => {
    if (a === null || found(a, length)) which |= 1 << bit;
  });
  return which;
}

/**
 * The [id, mask] of each record in the file that matches a term deeply; none when a term in
 * `need` (one no summary in the segment holds) cannot be in it.
 */
export function scanFile(
  path: string,
  need: number,
  terms: string[],
  anchors: (Anchor | null)[],
): [string, number][] {
  const length = readAll(path);
  if (length <= 0) return [];
  const which = fileTerms(anchors, length);
  if (which === 0 || (which & need) !== need) return [];
  const matches: [string, number][] = [];
  for (const record of parseRecords(buffer.toString("utf8", 0, length), path.endsWith(".log"))) {
    if (!isDeliveryRecord(record)) continue; // the file is input too
    const mask = recordMask(record, terms, which);
    if (mask !== 0) matches.push([record.id, mask]);
  }
  return matches;
}

/** Runs one job, sending a reply per file scanned and then its end (or its error) to `post`. */
export function runJob(job: ScanJob, post: (reply: ScanReply) => void): void {
  const stop = new Int32Array(job.stop);
  const anchors = job.terms.map(anchorPattern);
  let scanned = 0;
  try {
    for (const { n, path, need } of job.files) {
      if (Atomics.load(stop, 0) !== 0) break;
      const matches = scanFile(path, need, job.terms, anchors);
      scanned += 1;
      post({ job: job.id, n, matches });
    }
    post({ job: job.id, done: { scanned, stopped: scanned < job.files.length } });
  } catch (e) {
    post({ job: job.id, error: (e as Error).message });
  } finally {
    if (buffer.length > KEPT_BUFFER) buffer = Buffer.allocUnsafe(KEPT_BUFFER);
  }
}
