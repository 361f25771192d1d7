// Bounded segment files: `NNNNNNNN.json` holds up to SEGMENT_SIZE whole deliveries (bodies
// included); once full it is sealed and `NNNNNNNN.idx.json` holds its summaries, so start-up
// reads summaries only and a write never rewrites more than one segment.
import { mkdir, readdir, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { Low } from "lowdb";
import type { DeliveryDetail, DeliverySummary } from "../contract/index.ts";
import { DurableJsonFile } from "./durable-file.ts";

/** Deliveries per segment: small enough that rewriting the active one stays cheap (~250 KB). */
export const SEGMENT_SIZE = 100;

export interface SegmentData {
  deliveries: DeliveryDetail[];
}
export interface IndexData {
  items: { summary: DeliverySummary; search: string }[];
}

const name = (n: number) => String(n).padStart(8, "0");

/**
 * Each delivery is serialised once and its bytes reused by every later rewrite of the active
 * segment (one gathered write), so a group commit costs its new records, not a re-encode of
 * the whole segment.
 */
const recordBytes = new WeakMap<DeliveryDetail, Buffer>();
const OPEN = Buffer.from('{"deliveries":[');
const COMMA = Buffer.from(",");
const CLOSE = Buffer.from("]}");

/** Call after changing a stored record in place (e.g. a replay result added). */
export function forgetRecordText(record: DeliveryDetail): void {
  recordBytes.delete(record);
}

class SegmentFile extends DurableJsonFile<SegmentData> {
  override serialize(data: SegmentData): Buffer[] {
    const parts: Buffer[] = [OPEN];
    data.deliveries.forEach((d, i) => {
      let bytes = recordBytes.get(d);
      if (bytes === undefined) {
        bytes = Buffer.from(JSON.stringify(d));
        recordBytes.set(d, bytes);
      }
      if (i > 0) parts.push(COMMA);
      parts.push(bytes);
    });
    parts.push(CLOSE);
    return parts;
  }
}

export function createSegmentFiles(dir: string) {
  const problems: string[] = [];

  async function open<T>(file: string, empty: T): Promise<{ db: Low<T>; corrupt: string | null }> {
    const adapter = new DurableJsonFile<T>(join(dir, file));
    const db = new Low<T>(adapter, empty);
    await db.read();
    const corrupt = adapter.corrupt ? adapter.corrupt.message : null;
    if (corrupt) problems.push(corrupt);
    return { db, corrupt };
  }

  return {
    problems,
    async init(): Promise<number[]> {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const files = await readdir(dir);
      return files
        .filter((f) => /^\d{8}\.json$/.test(f))
        .map((f) => Number(f.slice(0, 8)))
        .sort((a, b) => a - b);
    },
    async readSegment(n: number) {
      const adapter = new SegmentFile(join(dir, `${name(n)}.json`));
      const db = new Low<SegmentData>(adapter, { deliveries: [] });
      await db.read();
      const corrupt = adapter.corrupt ? adapter.corrupt.message : null;
      if (corrupt) problems.push(corrupt);
      return { db, corrupt };
    },
    async readIndex(n: number) {
      return open<IndexData>(`${name(n)}.idx.json`, { items: [] });
    },
    newSegment(n: number): Low<SegmentData> {
      return new Low<SegmentData>(new SegmentFile(join(dir, `${name(n)}.json`)), { deliveries: [] });
    },
    async writeIndex(n: number, data: IndexData): Promise<void> {
      const db = new Low<IndexData>(new DurableJsonFile(join(dir, `${name(n)}.idx.json`)), data);
      await db.write();
    },
    /** Moves a segment whose index says more than its body file can give aside, with its index. */
    async quarantine(n: number, why: string): Promise<void> {
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      for (const file of [`${name(n)}.json`, `${name(n)}.idx.json`]) {
        await rename(join(dir, file), join(dir, `${file}.corrupt-${stamp}`)).catch(() => {});
      }
      problems.push(`segment ${name(n)} moved aside: ${why}`);
    },
    async remove(n: number): Promise<void> {
      for (const file of [`${name(n)}.json`, `${name(n)}.idx.json`]) {
        await unlink(join(dir, file)).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== "ENOENT") throw e;
        });
      }
    },
  };
}

export type SegmentFiles = ReturnType<typeof createSegmentFiles>;
