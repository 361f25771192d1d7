// The last failed TLS handshakes, kept in <data>/connections.json so they survive a restart: a
// sender that could not connect is often why nothing arrived, and that is found out later.
// Bounded (MAX_STORED_CONNECTION_EVENTS) and written atomically at most once a second.
import { join } from "node:path";
import type { TlsErrorEvent } from "../contract/index.ts";
import { explainHandshakeError } from "../tls/handshake-words.ts";
import { DurableJsonFile } from "./durable-file.ts";

/** Failed handshakes kept across restarts; a scanner hammering the port only churns these. */
export const MAX_STORED_CONNECTION_EVENTS = 200;
/** Writes at most this often: a burst of failed handshakes costs one fsync a second. */
export const CONNECTIONS_WRITE_INTERVAL_MS = 1_000;
/** Longest reason or address kept from a stored file (a hand-edited file is input too). */
const MAX_FIELD_CHARS = 1_000;

interface ConnectionsFile {
  events: TlsErrorEvent[];
}

const isText = (v: unknown) => typeof v === "string" && v.length <= MAX_FIELD_CHARS;
const isEvent = (v: unknown): boolean => {
  if (v === null || typeof v !== "object") return false;
  const e = v as Record<string, unknown>;
  return isText(e.at) && isText(e.remote) && isText(e.reason);
};
const isConnectionsFile = (data: unknown): data is ConnectionsFile =>
  data !== null &&
  // Stryker disable next-line ConditionalExpression: parsed JSON that is not an object (a string, number or boolean) has no events array either
  typeof data === "object" &&
  Array.isArray((data as { events?: unknown }).events) &&
  (data as ConnectionsFile).events.every(isEvent);

export interface ConnectionLog {
  /** Oldest first, at most MAX_STORED_CONNECTION_EVENTS. */
  list(): readonly TlsErrorEvent[];
  add(event: TlsErrorEvent): void;
  /** Set when the file could not be read (moved aside) or the last write failed. */
  problem(): string | null;
  /** Writes what is not written yet. */
  close(): Promise<void>;
}

/**
 * Reads `<dir>/connections.json` (a file that does not parse is moved aside) and keeps it up to
 * date. The caller holds the data dir's lock.
 * @example const log = await openConnectionLog(dataDir); log.add(event); await log.close();
 */
export async function openConnectionLog(
  dir: string,
  intervalMs = CONNECTIONS_WRITE_INTERVAL_MS,
): Promise<ConnectionLog> {
  const file = new DurableJsonFile<ConnectionsFile>(join(dir, "connections.json"), isConnectionsFile);
  const stored = (await file.read())?.events ?? [];
  // files written before explanations existed (or by hand) get them now
  const events: TlsErrorEvent[] = stored.slice(-MAX_STORED_CONNECTION_EVENTS).map((e) => ({
    at: e.at,
    remote: e.remote,
    reason: e.reason,
    explanation: explainHandshakeError(e.reason),
  }));
  let problem: string | null = file.corrupt?.message ?? null;
  let dirty = false;
  let lastWrite = 0;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  function write() {
    timer = null;
    if (!dirty) return;
    dirty = false;
    lastWrite = Date.now();
    const snapshot = { events: events.slice() };
    writing = writing
      .then(() => file.write(snapshot))
      .then(
        () => {
          problem = null;
        },
        (e: Error) => {
          // kept in memory all the same; the next failed handshake tries again
          problem = `connections.json could not be written: ${e.message}`;
        },
      );
  }

  return {
    list: () => events,
    add(event) {
      events.push(event);
      if (events.length > MAX_STORED_CONNECTION_EVENTS) events.shift();
      dirty = true;
      if (timer) return;
      const wait = Math.max(0, lastWrite + intervalMs - Date.now());
      timer = setTimeout(write, wait);
      timer.unref();
    },
    problem: () => problem,
    async close() {
      if (timer) clearTimeout(timer);
      write();
      await writing;
    },
  };
}
