// A sealed segment's index file (`NNNNNNNN.idx.json`): its summaries, which is all start-up
// reads. Written compact (version 2): one array per summary, with the values repeated across
// deliveries (endpoint, path, event, verdicts ...) as numbers into a per-file string table.
// That is a third of the bytes of summary objects and parses without building a key per field,
// which is most of start-up with 100,000 stored. Files in the first shape ({"items":[{summary}]})
// still load, and are rewritten compact the next time their segment changes.
import type { DeliverySummary } from "../contract/index.ts";
import { isSummary } from "./shape.ts";
import { toSummary } from "./summary.ts";

export interface CompactIndex {
  v: 2;
  strings: string[];
  rows: Row[];
}
/** The first shape: summary objects, with a `search` text no longer used. */
interface LegacyIndex {
  items: { summary: DeliverySummary; search?: unknown }[];
}
type Cell = string | number | boolean | null;
type Row = Cell[];

/** Fields kept as numbers into `strings` (-1: null or absent). */
const POOLED = [
  "endpoint",
  "method",
  "path",
  "registry",
  "event",
  "detection",
  "validity",
  "repository",
  "tag",
  "note",
  "action",
  "sig",
] as const;
type Pooled = (typeof POOLED)[number];
/** Fields kept as they are. */
const PLAIN = ["id", "seq", "receivedAt", "issueCount", "digest", "status", "size", "replayOf"] as const;
/** Row layout: pooled, plain, then the certificate (presented, verdict) and the chain (id, attempt). */
const ROW_LENGTH = POOLED.length + PLAIN.length + 4;

export function encodeIndex(summaries: readonly DeliverySummary[]): CompactIndex {
  const strings: string[] = [];
  const numbers = new Map<string, number>();
  const ref = (value: string | null | undefined): number => {
    if (value === null || value === undefined) return -1;
    let i = numbers.get(value);
    if (i === undefined) {
      i = strings.push(value) - 1;
      numbers.set(value, i);
    }
    return i;
  };
  const rows = summaries.map((s): Row => {
    const row: Row = POOLED.map((f) => ref(s[f]));
    for (const f of PLAIN) row.push(s[f]);
    row.push(s.clientCert.presented, ref(s.clientCert.verdict), s.chain?.id ?? null, s.chain?.attempt ?? 0);
    return row;
  });
  return { v: 2, strings, rows };
}

/** The summaries of an index file in either shape (checked first with `isIndexFile`). */
export function decodeIndex(data: CompactIndex | LegacyIndex): DeliverySummary[] {
  if (!("v" in data)) return data.items.map((i) => toSummary(i.summary));
  const { strings, rows } = data;
  const at = (i: Cell) => ((i as number) < 0 ? null : (strings[i as number] as string));
  return rows.map((row) => {
    const s: Record<string, unknown> = {};
    POOLED.forEach((f, i) => {
      s[f] = at(row[i] as Cell);
    });
    PLAIN.forEach((f, i) => {
      s[f] = row[POOLED.length + i];
    });
    const tail = POOLED.length + PLAIN.length;
    s.clientCert = { presented: row[tail], verdict: at(row[tail + 1] as Cell) };
    s.chain = row[tail + 2] === null ? null : { id: row[tail + 2], attempt: row[tail + 3] };
    for (const f of ["note", "action", "sig"] satisfies Pooled[]) if (s[f] === null) delete s[f];
    return toSummary(s as unknown as DeliverySummary);
  });
}

const isRef = (strings: string[], v: unknown) =>
  Number.isInteger(v) && (v as number) >= -1 && (v as number) < strings.length;

/** A compact row whose every cell has the type its field needs (or refers into the table). */
function isRow(strings: string[], row: unknown): boolean {
  if (!Array.isArray(row) || row.length !== ROW_LENGTH) return false;
  for (let i = 0; i < POOLED.length; i++) if (!isRef(strings, row[i])) return false;
  const [id, seq, receivedAt, issueCount, digest, status, size, replayOf] = row.slice(POOLED.length);
  if (typeof id !== "string" || typeof receivedAt !== "string") return false;
  if (![seq, issueCount, status, size].every((n) => typeof n === "number")) return false;
  if (![digest, replayOf].every((v) => v === null || typeof v === "string")) return false;
  // endpoint, method, path, detection, validity and the verdict are never null
  if ([0, 1, 2, 5, 6].some((i) => row[i] === -1)) return false;
  const [presented, verdict, chainId, attempt] = row.slice(POOLED.length + PLAIN.length);
  if (typeof presented !== "boolean" || !isRef(strings, verdict) || verdict === -1) return false;
  return chainId === null || (typeof chainId === "string" && typeof attempt === "number");
}

/** Either shape, every summary complete: anything else is a corrupt index, rebuilt from its segment. */
export function isIndexFile(v: unknown): v is CompactIndex | LegacyIndex {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Partial<CompactIndex> & Partial<LegacyIndex>;
  if (o.v === 2) {
    const strings = o.strings;
    if (!Array.isArray(strings) || !strings.every((s) => typeof s === "string")) return false;
    return Array.isArray(o.rows) && o.rows.every((r) => isRow(strings, r));
  }
  return Array.isArray(o.items) && o.items.every((i) => isSummary(i?.summary));
}
