// Filters live in the URL query string, so a view can be shared and reloaded.
import { computed, signal } from "@preact/signals";
import {
  type DeliverySummary,
  eventMatches,
  parseStatusFilter,
  type StatusFilter,
  statusMatches,
} from "../../server/contract/index.ts";
import type { Filters } from "../api.ts";
import { sigMatches } from "../signature.ts";

export const FILTER_KEYS = [
  "endpoint",
  "registry",
  "event",
  "validity",
  "status",
  "cert",
  "sig",
  "q",
] as const;

function fromUrl(): Filters {
  const params = new URLSearchParams(location.search);
  const f: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f;
}

export const filters = signal<Filters>(fromUrl());

/** "group retries": each attempt chain one row (`?group=retries`). Not a filter: the API never sees it. */
export const grouped = signal(new URLSearchParams(location.search).get("group") === "retries");

/** Turning grouping on or off is a history step, like a filter. */
export function setGrouped(on: boolean): void {
  if (grouped.value === on) return;
  grouped.value = on;
  writeUrl(filters.value, openIdFromUrl(), "push");
}

/** Why the status filter does not parse (shown under the field), or null. */
export const statusError = computed(() => {
  const status = filters.value.status;
  if (!status) return null;
  const parsed = parseStatusFilter(status);
  return "error" in parsed ? parsed.error : null;
});

/**
 * The filters the list is fetched and matched with: an invalid status is left out (the list is
 * not filtered by it) while the URL and the field keep it, so the user sees what to fix.
 */
export const appliedFilters = computed<Filters>(() => {
  if (!statusError.value) return filters.value;
  const { status: _invalid, ...rest } = filters.value;
  return rest;
});

/** The delivery open in the detail pane, as the URL says it (`?id=`), so a link opens it. */
export function openIdFromUrl(): string | null {
  return new URLSearchParams(location.search).get("id") || null;
}

function writeUrl(f: Filters, id: string | null, mode: "push" | "replace"): void {
  const params = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) params.set(k, f[k] as string);
  if (grouped.value) params.set("group", "retries");
  if (id) params.set("id", id);
  const qs = params.toString();
  const url = `${location.pathname}${qs ? `?${qs}` : ""}${location.hash}`;
  if (url === `${location.pathname}${location.search}${location.hash}`) return;
  if (mode === "push") history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

/** A filter change is a history step: Back undoes it. */
export function setFilter(key: (typeof FILTER_KEYS)[number], value: string): void {
  if ((filters.value[key] ?? "") === value) return; // Enter then blur: one change, one reload
  const next = { ...filters.value, [key]: value || undefined };
  if (!value) delete next[key];
  filters.value = next;
  writeUrl(next, openIdFromUrl(), "push");
}

/** Opening or closing a delivery rewrites the URL in place (j/k would otherwise flood history). */
export function setOpenInUrl(id: string | null): void {
  writeUrl(filters.value, id, "replace");
}

/** Back/Forward: the filters follow the URL again (the list reloads on the change). */
export function readFiltersFromUrl(): void {
  const next = fromUrl();
  if (JSON.stringify(next) !== JSON.stringify(filters.value)) filters.value = next;
  grouped.value = new URLSearchParams(location.search).get("group") === "retries";
}

const statusOf = (text: string): StatusFilter | null => {
  const parsed = parseStatusFilter(text);
  return "error" in parsed ? null : parsed;
};

/** The same test the server applies, for rows arriving live (an invalid status filters nothing). */
export function matches(d: DeliverySummary, f: Filters): boolean {
  if (f.endpoint && d.endpoint !== f.endpoint) return false;
  if (f.registry && (d.registry ?? "unknown") !== f.registry) return false;
  if (f.event && !eventMatches(f.event, d.registry, d.event)) return false;
  if (f.validity && d.validity !== f.validity) return false;
  const status = f.status ? statusOf(f.status) : null;
  if (status && !statusMatches(status, d.status, d.action)) return false;
  if (f.cert && d.clientCert.verdict !== f.cert) return false;
  if (f.sig && !sigMatches(d.sig, f.sig)) return false;
  return !f.q || qMatches(d, f.q);
}

/** `q` over the summary's own fields (bodies and headers are only searched by the server). */
function qMatches(d: DeliverySummary, q: string): boolean {
  const hay = [d.id, d.endpoint, d.path, d.registry, d.event, d.repository, d.tag, d.digest]
    .join(" ")
    .toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .every((t) => hay.includes(t));
}
