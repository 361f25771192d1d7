// Bounded segments: the active one is a journal, `NNNNNNNN.log` (one delivery per line, appended
// to by each group commit). A full segment is sealed: `NNNNNNNN.json` holds its up to
// SEGMENT_SIZE whole deliveries (bodies included) as a lowdb file and `NNNNNNNN.idx.json` its
// summaries (index-file.ts), so start-up reads summaries only and no write ever rewrites a sealed segment.
import { mkdir, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { Low } from "lowdb";
import type { DeliveryDetail, DeliverySummary } from "../contract/index.ts";
import { DurableJsonFile, removeStaleTemps } from "./durable-file.ts";
import { type CompactIndex, decodeIndex, encodeIndex, isIndexFile } from "./index-file.ts";
import { JournalFile } from "./journal.ts";
import { type KeptRecord, recordBytes } from "./record-bytes.ts";
import { isDeliveryRecord } from "./shape.ts";

/**
 * Deliveries per segment: what one sealed file holds and a body look-up parses (~1.5 MB at
 * 500). Each seal costs two fsyncs whatever its size (~30 ms under load here), so smaller
 * segments could not be sealed as fast as a sustained stream of deliveries fills them.
 */
export const SEGMENT_SIZE = 500;

export interface SegmentData {
  /** Whole records as read from a file; the active journal's new ones held as their bytes. */
  deliveries: KeptRecord[];
}

/** A segment's lowdb handle: a journal while active, a JSON file once sealed. */
export type SegmentDb = Low<SegmentData>;

const isSegmentData = (v: unknown): v is SegmentData =>
  typeof v === "object" &&
  v !== null &&
  Array.isArray((v as SegmentData).deliveries) &&
  (v as SegmentData).deliveries.every(isDeliveryRecord);

const name = (n: number) => String(n).padStart(8, "0");
const OPEN = Buffer.from('{"deliveries":[');
const COMMA = Buffer.from(",");
const CLOSE = Buffer.from("]}");

/** A sealed segment, written from each record's cached bytes (one gathered write). */
class SegmentFile extends DurableJsonFile<SegmentData> {
  constructor(file: string) {
    super(file, isSegmentData);
  }

  override serialize(data: SegmentData): Buffer[] {
    const parts: Buffer[] = [OPEN];
    data.deliveries.forEach((d, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(recordBytes(d));
    });
    parts.push(CLOSE);
    return parts;
  }
}

export interface SegmentListing {
  /** Segment numbers, ascending. */
  numbers: number[];
  sealed: Set<number>;
  journals: Set<number>;
}

export function createSegmentFiles(dir: string) {
  const problems: string[] = [];
  const path = (n: number, ext: string) => join(dir, `${name(n)}${ext}`);
  const writeIndex = (n: number, summaries: readonly DeliverySummary[]) =>
    new DurableJsonFile<CompactIndex>(path(n, ".idx.json")).write(encodeIndex(summaries));
  const closeJournal = (db: SegmentDb) => (db.adapter as JournalFile).close();
  const removeJournal = (n: number) => unlink(path(n, ".log")).catch(() => {});

  async function open<T>(
    file: string,
    empty: T,
    accepts: (v: unknown) => v is T,
  ): Promise<{ db: Low<T>; corrupt: string | null }> {
    const adapter = new DurableJsonFile<T>(join(dir, file), accepts);
    const db = new Low<T>(adapter, empty);
    await db.read();
    const corrupt = adapter.corrupt ? adapter.corrupt.message : null;
    if (corrupt) problems.push(corrupt);
    return { db, corrupt };
  }

  return {
    problems,
    async init(): Promise<SegmentListing> {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await removeStaleTemps(dir);
      const sealed = new Set<number>();
      const journals = new Set<number>();
      for (const f of await readdir(dir)) {
        const m = /^(\d{8})\.(json|log)$/.exec(f);
        if (m) (m[2] === "json" ? sealed : journals).add(Number(m[1]));
      }
      const numbers = [...new Set([...sealed, ...journals])].sort((a, b) => a - b);
      return { numbers, sealed, journals };
    },
    async readSegment(n: number) {
      const adapter = new SegmentFile(path(n, ".json"));
      const db = new Low<SegmentData>(adapter, { deliveries: [] });
      await db.read();
      const corrupt = adapter.corrupt ? adapter.corrupt.message : null;
      if (corrupt) problems.push(corrupt);
      return { db, corrupt };
    },
    /** Opens segment n's journal (empty when there is none yet). */
    async openJournal(n: number): Promise<SegmentDb> {
      const adapter = new JournalFile(path(n, ".log"));
      const db = new Low<SegmentData>(adapter, { deliveries: [] });
      await db.read();
      if (adapter.problem) problems.push(adapter.problem);
      return db;
    },
    /** Segment n's journal before it has a file. */
    newJournal(n: number): SegmentDb {
      return new Low<SegmentData>(new JournalFile(path(n, ".log")), { deliveries: [] });
    },
    removeJournal,
    /** Appends records durably to a segment's journal. */
    append(db: SegmentDb, records: readonly DeliveryDetail[]): Promise<void> {
      return (db.adapter as JournalFile).append(records);
    },
    /** Closes a journal's file. */
    closeJournal,
    /** Segment n's summaries from its index file (none when it is missing or corrupt). */
    async readIndex(n: number): Promise<{ summaries: DeliverySummary[]; corrupt: string | null }> {
      const { db, corrupt } = await open(`${name(n)}.idx.json`, null, isIndexFile);
      return { summaries: db.data ? decodeIndex(db.data) : [], corrupt };
    },
    writeIndex,
    /**
     * Seals segment n: its deliveries as a lowdb JSON file and its index, then the journal goes.
     * Each step is atomic, and a sealed file found beside a journal at start-up wins.
     */
    async seal(n: number, journal: SegmentDb, index: readonly DeliverySummary[]): Promise<void> {
      await new Low<SegmentData>(new SegmentFile(path(n, ".json")), journal.data).write();
      await writeIndex(n, index);
      await closeJournal(journal);
      await removeJournal(n);
    },
    async remove(n: number): Promise<void> {
      for (const ext of [".json", ".idx.json", ".log"]) {
        await unlink(path(n, ext)).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== "ENOENT") throw e;
        });
      }
    },
  };
}

export type SegmentFiles = ReturnType<typeof createSegmentFiles>;
