// The delivery list model: pages from the API, live messages applied in one switch, selection
// and connection state. Depends on a LiveSource, not on WebSocket, so it can be driven in tests.
// Console-wide state (endpoints, health, TLS failures) is in console.ts.
import { batch, effect, signal } from "@preact/signals";
import type { DeliverySummary, LiveMessage } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { applyConsoleMessage, refreshEndpoints } from "./console.ts";
import { appliedFilters, matches } from "./filters.ts";

/** Rows kept in memory; older ones are fetched again by scrolling. */
export const MAX_ROWS = 100_000;
export const PAGE_SIZE = 200;

export type ConnectionState = "connecting" | "live" | "reconnecting";

export interface LiveSource {
  onMessage(listener: (message: LiveMessage) => void): void;
  onStatus(listener: (state: ConnectionState) => void): void;
}

export const rows = signal<DeliverySummary[]>([]);
export const nextCursor = signal<string | null>(null);
/** How many stored deliveries match the filters (from the first page; null with `q`), kept live. */
export const total = signal<number | null>(null);
export const loading = signal(false);
export const selectedId = signal<string | null>(null);
export const paused = signal(false);
export const connection = signal<ConnectionState>("connecting");
/** Incremented when the open delivery changed on the server (replay results ...). */
export const detailVersion = signal(0);
/** Rows that arrived while paused. */
export const held = signal<DeliverySummary[]>([]);
/** The chain of the latest delivery that arrived or changed (any filter), so an open Attempts tab follows it. */
export const chainArrival = signal<{ chainId: string; seq: number }>({ chainId: "", seq: 0 });
/** A full-text search (`q`) is waiting for its first page: the filter bar offers to cancel it. */
export const searching = signal(false);

let generation = 0;
/** Set once a reload has shown its page: a prefetched first page arriving later is stale. */
let reloaded = false;

/**
 * The first page, asked for as the console starts instead of after the socket's hello (~200 ms
 * later: the bundle runs, the socket opens): the rows paint sooner. The hello's reload still
 * replaces it, so nothing sent meanwhile is missed.
 */
async function prefetch(): Promise<void> {
  const wanted = appliedFilters.value;
  try {
    const page = await api.deliveries(wanted, null, PAGE_SIZE);
    if (reloaded || wanted !== appliedFilters.value) return;
    batch(() => {
      rows.value = page.items;
      nextCursor.value = page.next;
      total.value = page.total ?? null;
    });
  } catch {
    // the hello's reload asks again
  }
}
/** The first-page request under way: a newer reload or a cancel aborts it. */
let inFlight: AbortController | null = null;

/** Live changes seen while a reload is under way: its page may have been read before them. */
interface SeenMeanwhile {
  arrived: DeliverySummary[];
  updated: Map<string, DeliverySummary>;
  gone: Set<string>;
}
let meanwhile: SeenMeanwhile | null = null;

/** A reloaded page with what arrived or went while it was on its way (newest first). */
function withLiveChanges(items: DeliverySummary[], seen: SeenMeanwhile): DeliverySummary[] {
  const listed = new Set(items.map((d) => d.id));
  const missing = seen.arrived.filter((d) => !listed.has(d.id) && !seen.gone.has(d.id));
  const kept = items.filter((d) => !seen.gone.has(d.id)).map((d) => seen.updated.get(d.id) ?? d);
  return [...missing, ...kept];
}

/** Reloads the first page for the current filters (also the resync after a reconnect). */
export async function reload(): Promise<void> {
  const mine = ++generation;
  inFlight?.abort();
  const request = new AbortController();
  inFlight = request;
  loading.value = true;
  searching.value = !!appliedFilters.value.q;
  const seen: SeenMeanwhile = { arrived: [], updated: new Map(), gone: new Set() };
  meanwhile = seen;
  try {
    const page = await api.deliveries(appliedFilters.value, null, PAGE_SIZE, request.signal);
    if (mine !== generation) return;
    const items = withLiveChanges(page.items, seen);
    batch(() => {
      rows.value = items;
      nextCursor.value = page.next;
      total.value = page.total === undefined ? null : page.total + items.length - page.items.length;
      held.value = [];
      reloaded = true;
    });
  } catch (e) {
    if (request.signal.aborted) return; // superseded or cancelled: the newer state wins
    throw e;
  } finally {
    if (meanwhile === seen) meanwhile = null;
    if (mine === generation) {
      loading.value = false;
      searching.value = false;
      inFlight = null;
    }
  }
  refreshEndpoints();
}

/** Stops the search under way (the server stops scanning too); the list stays as it was. */
export function cancelSearch(): void {
  generation++;
  inFlight?.abort();
  inFlight = null;
  batch(() => {
    loading.value = false;
    searching.value = false;
    nextCursor.value = null; // the rows shown are not the search's: no page of it follows them
  });
}

export async function loadMore(): Promise<void> {
  if (loading.value || !nextCursor.value) return;
  const mine = generation;
  loading.value = true;
  try {
    const page = await api.deliveries(appliedFilters.value, nextCursor.value, PAGE_SIZE);
    if (mine !== generation) return;
    batch(() => {
      rows.value = [...rows.value, ...page.items].slice(0, MAX_ROWS);
      nextCursor.value = page.next;
    });
  } finally {
    loading.value = false;
  }
}

function noteChain(d: DeliverySummary): void {
  if (d.chain) chainArrival.value = { chainId: d.chain.id, seq: chainArrival.value.seq + 1 };
}

export function applyMessage(message: LiveMessage): void {
  applyConsoleMessage(message);
  switch (message.type) {
    case "hello":
      void reload();
      break;
    case "delivery": {
      noteChain(message.delivery);
      if (!matches(message.delivery, appliedFilters.value)) break;
      if (total.value !== null) total.value++;
      meanwhile?.arrived.unshift(message.delivery);
      if (paused.value) held.value = [message.delivery, ...held.value].slice(0, MAX_ROWS);
      else rows.value = [message.delivery, ...rows.value].slice(0, MAX_ROWS);
      refreshEndpoints();
      break;
    }
    case "delivery-updated": {
      const d = message.delivery;
      noteChain(d);
      meanwhile?.updated.set(d.id, d);
      rows.value = rows.value.map((r) => (r.id === d.id ? d : r));
      if (selectedId.value === d.id) detailVersion.value++;
      break;
    }
    case "deleted": {
      const gone = new Set(message.ids);
      for (const id of gone) meanwhile?.gone.add(id);
      const before = rows.value.length;
      rows.value = rows.value.filter((r) => !gone.has(r.id));
      // rows not loaded yet may have gone too: the count is exact again on the next reload
      if (total.value !== null) total.value = Math.max(0, total.value - (before - rows.value.length));
      if (selectedId.value && gone.has(selectedId.value)) selectedId.value = null;
      refreshEndpoints();
      break;
    }
    case "cleared":
      rows.value = message.endpoint ? rows.value.filter((r) => r.endpoint !== message.endpoint) : [];
      if (!message.endpoint) nextCursor.value = null;
      // the count of what is left; and a page on its way may list what was just cleared
      if (message.endpoint || meanwhile) void reload();
      else if (total.value !== null) total.value = 0;
      refreshEndpoints();
      break;
    case "endpoint":
      refreshEndpoints();
      break;
  }
}

export function togglePause(): void {
  if (paused.value) resume();
  else paused.value = true;
}

export function resume(): void {
  batch(() => {
    rows.value = [...held.value, ...rows.value].slice(0, MAX_ROWS);
    held.value = [];
    paused.value = false;
  });
}

export function connect(source: LiveSource): void {
  void prefetch();
  source.onMessage(applyMessage);
  source.onStatus((state) => {
    connection.value = state;
  });
  // a filter change reloads the list
  let first = true;
  effect(() => {
    void appliedFilters.value;
    if (first) {
      first = false;
      return;
    }
    void reload();
  });
}
