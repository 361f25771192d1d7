// A sealed segment's index file (`NNNNNNNN.idx.json`): its summaries, which is all start-up
// reads. Written compact (version 2): one array per summary, with the values repeated across
// deliveries (endpoint, path, event, verdicts ...) as numbers into a per-file string table.
// That is a third of the bytes of summary objects and parses without building a key per field,
// which is most of start-up with 100,000 stored. Files in the first shape ({"items":[{summary}]})
// still load, and are rewritten compact the next time their segment changes.
import type { CertVerdict, DeliverySummary, MediaKind, SignatureVerdict } from "../contract/index.ts";
import { isSummary } from "./shape.ts";
import { intern, sharedCert, toSummary } from "./summary.ts";

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
  "kind",
] as const;
/** Fields kept as they are. */
const PLAIN = ["id", "seq", "receivedAt", "issueCount", "digest", "status", "size", "replayOf"] as const;
/** Row layout: pooled, plain, then the certificate (presented, verdict) and the chain (id, attempt). */
const ROW_LENGTH = POOLED.length + PLAIN.length + 4;
/** Where the plain fields start, and the certificate and chain after them. */
const P = POOLED.length;
const T = P + PLAIN.length;

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
  if (!Object.hasOwn(data, "v")) return (data as LegacyIndex).items.map((i) => toSummary(i.summary));
  const compact = data as CompactIndex;
  // shared with every other summary in memory, as toSummary shares them
  const strings = compact.strings.map((v) => intern(v));
  return compact.rows.map((row) => decodeRow(row, strings));
}

const lookUp = (strings: string[], ref: number) => (ref < 0 ? null : (strings[ref] as string));

/**
 * One summary from its row, built as one object literal: the same hidden class for every
 * summary, and no copy (this runs 100,000 times at start-up).
 */
function decodeRow(r: Row, strings: string[]): DeliverySummary {
  const at = (i: number) => lookUp(strings, r[i] as number);
  const chainId = r[T + 2] as string | null;
  const summary: DeliverySummary = {
    id: r[P] as string,
    seq: r[P + 1] as number,
    receivedAt: r[P + 2] as string,
    endpoint: at(0) as string,
    method: at(1) as string,
    path: at(2) as string,
    registry: at(3) as DeliverySummary["registry"],
    event: at(4),
    detection: at(5) as DeliverySummary["detection"],
    validity: at(6) as DeliverySummary["validity"],
    issueCount: r[P + 3] as number,
    repository: at(7),
    tag: at(8),
    digest: r[P + 4] as string | null,
    status: r[P + 5] as number,
    size: r[P + 6] as number,
    clientCert: sharedCert({ presented: r[T] as boolean, verdict: at(T + 1) as CertVerdict }),
    chain: chainId === null ? null : { id: chainId, attempt: r[T + 3] as number },
    replayOf: r[P + 7] as string | null,
  };
  const [note, action, sig, kind] = [at(9), at(10), at(11), at(12)];
  if (note !== null) summary.note = note;
  if (kind !== null) summary.kind = kind as MediaKind;
  if (action !== null) summary.action = action as "hang" | "reset";
  if (sig !== null) summary.sig = sig as SignatureVerdict;
  return summary;
}

const isRef = (strings: string[], v: unknown) =>
  Number.isInteger(v) && (v as number) >= -1 && (v as number) < strings.length;

const isNumber = (v: unknown) => typeof v === "number";
const isNullableString = (v: unknown) => v === null || typeof v === "string";

/** A compact row whose every cell has the type its field needs (or refers into the table). */
function isRow(strings: string[], row: unknown): boolean {
  if (!Array.isArray(row) || row.length !== ROW_LENGTH) return false;
  for (let i = 0; i < P; i++) if (!isRef(strings, row[i])) return false;
  // endpoint, method, path, detection, validity and the verdict are never null
  if (row[0] === -1 || row[1] === -1 || row[2] === -1 || row[5] === -1 || row[6] === -1) return false;
  if (typeof row[P] !== "string" || typeof row[P + 2] !== "string") return false;
  if (!isNumber(row[P + 1]) || !isNumber(row[P + 3]) || !isNumber(row[P + 5]) || !isNumber(row[P + 6]))
    return false;
  if (!isNullableString(row[P + 4]) || !isNullableString(row[P + 7])) return false;
  if (typeof row[T] !== "boolean" || !isRef(strings, row[T + 1]) || row[T + 1] === -1) return false;
  return row[T + 2] === null || (typeof row[T + 2] === "string" && isNumber(row[T + 3]));
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
