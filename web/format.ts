// Small display helpers shared by components.
import { type DeliverySummary, REGISTRY_LABELS, type RegistryId } from "../server/contract/index.ts";

/** Wall-clock time with milliseconds; the milliseconds are split off so narrow lists can drop them. */
export const clock = (iso: string) => {
  const d = new Date(iso);
  return {
    hms: d.toLocaleTimeString([], { hour12: false }),
    ms: `.${String(d.getMilliseconds()).padStart(3, "0")}`,
  };
};

export const time = (iso: string) => {
  const c = clock(iso);
  return `${c.hms}${c.ms}`;
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

/** The answer in the status column: its code, or what was done instead of answering. */
export const statusText = (d: Pick<DeliverySummary, "status" | "action">) =>
  d.status !== 0 ? String(d.status) : d.action === "hang" ? "hung" : d.action === "reset" ? "reset" : "—";

export const statusTitle = (d: Pick<DeliverySummary, "status" | "action">) =>
  d.status !== 0
    ? `answered ${d.status}`
    : d.action === "hang"
      ? "held without an answer until the sender gave up"
      : d.action === "reset"
        ? "the connection was reset instead of answering"
        : "no answer was sent";

/** "1 rule", "3 rules": counts in words, never "rule(s)". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const repoTag = (d: Pick<DeliverySummary, "repository" | "tag">) =>
  d.repository ? `${d.repository}${d.tag ? `:${d.tag}` : ""}` : "";

export const VALIDITY_LABEL = {
  valid: "valid",
  invalid: "invalid",
  "unknown-event": "unknown",
  "not-json": "not JSON",
  "not-validated": "not validated",
} as const;

export const validityTitle = (d: Pick<DeliverySummary, "validity" | "issueCount">) =>
  d.validity === "valid"
    ? "the body matches the event's schema"
    : d.validity === "invalid"
      ? `the body breaks the event's schema (${plural(d.issueCount, "problem")})`
      : d.validity === "unknown-event"
        ? "event not in the catalog: the body was not checked"
        : d.validity === "not-validated"
          ? "not validated (endpoint setting): the endpoint's validation is off"
          : "the body is not JSON";

export const CERT_TITLE = {
  trusted: "client certificate presented and trusted by the CA",
  pinned: "client certificate presented and pinned for this endpoint",
  untrusted: "client certificate presented but not trusted",
  none: "no client certificate presented",
} as const;

/** How the event was recognised, in words. */
export const DETECTION_LABEL = {
  declared: "named by the body",
  pinned: "set by the endpoint URL",
  guessed: "recognised by its shape",
  unknown: "not recognised",
} as const;

export function copy(text: string): Promise<boolean> {
  const done = navigator.clipboard?.writeText(text);
  return done
    ? done.then(
        () => true,
        () => false,
      )
    : Promise.resolve(false);
}

/**
 * What a delivery is, in words, for titles: "Quay repo_push ns/app:latest", or the request's
 * path when no event was recognised.
 */
export function deliveryTitle(
  d: Pick<DeliverySummary, "registry" | "event" | "repository" | "tag" | "path">,
) {
  const what = d.event ? `${registryLabel(d.registry)} ${d.event}` : `unrecognised delivery to ${d.path}`;
  const repo = repoTag(d);
  return repo ? `${what} ${repo}` : what;
}
