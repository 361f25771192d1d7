// A minimal ZIP (PKWARE APPNOTE 6.3) writer and reader for the samples download: deflated
// entries, UTF-8 names, no ZIP64 (samples are capped far below 4 GiB and 65,535 entries).
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";

export interface ZipEntry {
  /** Relative, "/"-separated name; see safeZipName. */
  name: string;
  data: Buffer;
}

/** Largest entry `unzip` inflates: a sample is a webhook body (capped far lower on receipt). */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;
/** Names longer than this are cut: some unzip tools refuse very long paths. */
const MAX_NAME_BYTES = 240;
const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
/** General-purpose flag bit 11: the name is UTF-8. */
const UTF8_FLAG = 0x0800;
/** 1980-01-01 00:00 in DOS format: a fixed time keeps the archive reproducible. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * A name that stays inside the folder it is extracted into: no "..", no leading "/" or drive
 * letter, no backslashes or control characters (names come from what senders wrote).
 * @example safeZipName("../../etc/passwd") // "etc/passwd"
 */
export function safeZipName(name: string): string {
  const parts = name
    .replace(/\\/g, "/")
    .split("/")
    .map((p) => p.replace(/[\u0000-\u001f\u007f:*?"<>|]/g, "_").trim())
    .filter((p) => p !== "" && p !== "." && p !== "..");
  const joined = parts.join("/") || "_";
  const bytes = Buffer.from(joined, "utf8");
  return bytes.length <= MAX_NAME_BYTES
    ? joined
    : bytes
        .subarray(0, MAX_NAME_BYTES)
        .toString("utf8")
        .replace(/\uFFFD+$/, "");
}

function localHeader(name: Buffer, crc: number, packed: number, size: number): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(LOCAL_SIG, 0);
  h.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  h.writeUInt16LE(UTF8_FLAG, 6);
  h.writeUInt16LE(8, 8); // method: deflate
  h.writeUInt16LE(0, 10); // time
  h.writeUInt16LE(DOS_DATE, 12);
  h.writeUInt32LE(crc, 14);
  h.writeUInt32LE(packed, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28); // extra length
  return Buffer.concat([h, name]);
}

function centralHeader(local: Buffer, name: Buffer, offset: number): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(CENTRAL_SIG, 0);
  h.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
  local.copy(h, 6, 4, 30); // version needed .. extra length: the same fields as the local header
  h.writeUInt16LE(0, 32); // comment length
  h.writeUInt16LE(0, 34); // disk
  h.writeUInt16LE(0, 36); // internal attributes
  h.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external: a regular file, rw-r--r--
  h.writeUInt32LE(offset, 42);
  return Buffer.concat([h, name]);
}

/**
 * Builds a zip archive. Names are made safe and, when two collide, numbered.
 * @example zip([{ name: "quay/repo_push.json", data: Buffer.from("{}") }])
 */
export function zip(entries: readonly ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  const used = new Set<string>();
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(uniqueName(safeZipName(entry.name), used), "utf8");
    const packed = deflateRawSync(entry.data);
    const local = localHeader(name, crc32(entry.data), packed.length, entry.data.length);
    central.push(centralHeader(local, name, offset));
    parts.push(local, packed);
    offset += local.length + packed.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_SIG, 0);
  end.writeUInt16LE(central.length, 8);
  end.writeUInt16LE(central.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate.toLowerCase()); n += 1) {
    const dot = name.lastIndexOf(".");
    candidate = dot > name.lastIndexOf("/") ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}

/**
 * Reads the archives `zip` writes (stored or deflated entries, found through the central
 * directory), checking each CRC. Throws on anything else.
 */
export function unzip(archive: Buffer): ZipEntry[] {
  const endAt = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0 || endAt + 22 > archive.length) throw new Error("not a zip archive");
  const count = archive.readUInt16LE(endAt + 10);
  let at = archive.readUInt32LE(endAt + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (archive.readUInt32LE(at) !== CENTRAL_SIG) throw new Error("bad central directory");
    const method = archive.readUInt16LE(at + 10);
    const crc = archive.readUInt32LE(at + 16);
    const packedSize = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const skip = archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const packed = archive.subarray(start, start + packedSize);
    if (method !== 0 && method !== 8) throw new Error(`unsupported zip method ${method}`);
    // an archive arrives over HTTP: never inflate past the cap, whatever its headers claim
    const data =
      method === 8 ? inflateRawSync(packed, { maxOutputLength: MAX_ENTRY_BYTES }) : Buffer.from(packed);
    if (crc32(data) !== crc) throw new Error(`bad CRC for ${name}`);
    entries.push({ name, data });
    at += 46 + nameLength + skip;
  }
  return entries;
}
