// The active segment's file: a lowdb adapter over an append-only journal, one delivery per line.
// Group commits append their records (concurrent appends are safe: O_APPEND places each write
// whole, O_DSYNC makes it durable when it returns); lowdb's write() replaces the file atomically
// for any other change (a delete, a replay result), while no append is under way.
// Each record starts on a new line (the newline is written before it), so a write cut off by a
// crash can never swallow the record appended after it; a cut-off record was never acknowledged,
// and the file that holds one is kept aside at start-up.
import { close, constants, fsync, open, writev } from "node:fs";
import { dirname } from "node:path";
import { promisify } from "node:util";
import type { Adapter } from "lowdb";
import type { DeliveryDetail } from "../contract/index.ts";
import { moveAside, readTextIfAny, replaceFile } from "./durable-file.ts";
import { type KeptRecord, recordBytes } from "./record-bytes.ts";
import type { SegmentData } from "./segments.ts";
import { isDeliveryRecord } from "./shape.ts";

const NEWLINE = Buffer.from("\n");
const openAsync = promisify(open);
const closeAsync = promisify(close);
const fsyncAsync = promisify(fsync);
const writevAsync = promisify(writev);
const APPEND = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC;

/** A journal line's delivery, or null when the line does not parse or is not a delivery. */
function parseLine(line: string): DeliveryDetail | null {
  try {
    const value: unknown = JSON.parse(line);
    return isDeliveryRecord(value) ? value : null;
  } catch {
    return null;
  }
}

/** The lines of `records`: a newline, then the record's bytes, for each. */
function lines(records: readonly KeptRecord[]): Buffer[] {
  const parts: Buffer[] = [];
  for (const r of records) parts.push(NEWLINE, recordBytes(r));
  return parts;
}

export class JournalFile implements Adapter<SegmentData> {
  /** Set by read() when some of the file could not be used; the original was kept aside. */
  problem: string | null = null;
  private fd: Promise<number> | null = null;

  constructor(readonly file: string) {}

  async read(): Promise<SegmentData | null> {
    const text = await readTextIfAny(this.file);
    if (text === null) return null;
    const deliveries: DeliveryDetail[] = [];
    let bad = 0;
    for (const line of text.split("\n")) {
      if (line === "") continue;
      const record = parseLine(line);
      if (record) deliveries.push(record);
      else bad += 1;
    }
    if (bad > 0) {
      // Keep the original for inspection, and go on from every complete record it held.
      const movedTo = await moveAside(this.file);
      await replaceFile(this.file, lines(deliveries));
      this.problem = `${this.file} had ${bad} incomplete or unreadable line(s) (a record cut off by a crash was never acknowledged, or a line that is not a delivery); its ${deliveries.length} complete deliveries were kept and the original moved aside to ${movedTo}`;
    }
    return { deliveries };
  }

  /** Appends `records` durably: resolves once they are on disk. */
  async append(records: readonly DeliveryDetail[]): Promise<void> {
    if (this.fd === null) {
      const opening = this.openForAppend();
      this.fd = opening;
      // a file that could not be opened is tried again by the next append
      opening.catch(() => {
        if (this.fd === opening) this.fd = null;
      });
    }
    const fd = await this.fd;
    const parts = lines(records);
    const total = parts.reduce((n, b) => n + b.length, 0);
    const { bytesWritten } = await writevAsync(fd, parts);
    // Not finished later: another append may already follow it. The cut-off record stays on a
    // line of its own (the next one starts with its newline) and is dropped at start-up.
    if (bytesWritten < total) throw new Error(`short write to ${this.file} (disk full?)`);
  }

  /** Replaces the file with exactly `data` (the caller makes sure no append is under way). */
  async write(data: SegmentData): Promise<void> {
    await this.close();
    await replaceFile(this.file, lines(data.deliveries));
  }

  private async openForAppend(): Promise<number> {
    const fd = await openAsync(this.file, APPEND, 0o600);
    // the new file's directory entry must survive a power cut too
    const dir = await openAsync(dirname(this.file), constants.O_RDONLY);
    try {
      await fsyncAsync(dir);
    } finally {
      await closeAsync(dir);
    }
    return fd;
  }

  /** Closes the file (the next append opens it again). */
  async close(): Promise<void> {
    const fd = this.fd;
    this.fd = null;
    if (fd) await closeAsync(await fd);
  }
}
