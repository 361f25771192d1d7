// Filters live in the URL query string, so a view can be shared and reloaded.
import { signal } from "@preact/signals";
import type { DeliverySummary } from "../../server/contract/index.ts";
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

/** The delivery open in the detail pane, as the URL says it (`?id=`), so a link opens it. */
export function openIdFromUrl(): string | null {
  return new URLSearchParams(location.search).get("id") || null;
}

function writeUrl(f: Filters, id: string | null, mode: "push" | "replace"): void {
  const params = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) params.set(k, f[k] as string);
  if (id) params.set("id", id);
  const qs = params.toString();
  const url = `${location.pathname}${qs ? `?${qs}` : ""}${location.hash}`;
  if (url === `${location.pathname}${location.search}${location.hash}`) return;
  if (mode === "push") history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

/** A filter change is a history step: Back undoes it. */
export function setFilter(key: (typeof FILTER_KEYS)[number], value: string): void {
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
}

/** The same test the server applies, for rows arriving live. */
export function matches(d: DeliverySummary, f: Filters): boolean {
  if (f.endpoint && d.endpoint !== f.endpoint) return false;
  if (f.registry && (d.registry ?? "unknown") !== f.registry) return false;
  if (f.event) {
    const [r, e] = f.event.includes("/") ? f.event.split("/", 2) : [null, f.event];
    if (d.event !== e || (r && d.registry !== r)) return false;
  }
  if (f.validity && d.validity !== f.validity) return false;
  if (f.status) {
    const s = f.status.toLowerCase();
    if (/^[1-5]xx$/.test(s) ? Math.floor(d.status / 100) !== Number(s[0]) : String(d.status) !== s)
      return false;
  }
  if (f.cert && d.clientCert.verdict !== f.cert) return false;
  if (f.sig && !sigMatches(d.sig, f.sig)) return false;
  if (f.q) {
    const hay = [d.id, d.endpoint, d.path, d.registry, d.event, d.repository, d.tag, d.digest]
      .join(" ")
      .toLowerCase();
    if (
      !f.q
        .toLowerCase()
        .split(/\s+/)
        .every((t) => hay.includes(t))
    )
      return false;
  }
  return true;
}
