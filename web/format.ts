// Small display helpers shared by components.
import { REGISTRY_LABELS, type RegistryId } from "../server/contract/index.ts";

export const time = (iso: string) => {
  const d = new Date(iso);
  return `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, "0")}`;
};

export const size = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`;

export const registryLabel = (r: string | null) => (r ? (REGISTRY_LABELS[r as RegistryId] ?? r) : "unknown");

export const ms = (n: number) =>
  n < 1000
    ? `${Math.round(n)} ms`
    : n < 60_000
      ? `${(n / 1000).toFixed(1)} s`
      : `${(n / 60_000).toFixed(1)} min`;

export const statusClass = (s: number) => (s === 0 ? "s0" : `s${Math.floor(s / 100)}xx`);

export function copy(text: string): void {
  void navigator.clipboard?.writeText(text).catch(() => {});
}
