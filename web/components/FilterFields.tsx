// The filter bar's two typed fields: the event (a prefix, with suggestions from the catalog and
// from what was received) and the status (its grammar written beside it, an error when invalid).
import { signal } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";
import { STATUS_GRAMMAR } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { rows } from "../state/deliveries.ts";
import { filters, setFilter, statusError } from "../state/filters.ts";

/** Suggestions offered at once: the catalog has ~150 events; more would be a wall, not help. */
export const MAX_SUGGESTIONS = 400;

/** Catalog events as `registry/event`, fetched the first time the field is used. */
const catalogEvents = signal<string[] | null>(null);
let catalogAsked = false;
function loadCatalog(): void {
  if (catalogAsked) return;
  catalogAsked = true;
  api.catalog().then(
    (list) => {
      catalogEvents.value = list.map((e) => `${e.registry}/${e.event}`);
    },
    () => {
      catalogAsked = false; // try again on the next focus
    },
  );
}

/** Events received (newest first) then the catalog's, each once, at most MAX_SUGGESTIONS. */
function suggestions(): string[] {
  const seen = new Set<string>();
  for (const d of rows.value) {
    if (seen.size >= MAX_SUGGESTIONS) break;
    if (d.event) seen.add(d.registry ? `${d.registry}/${d.event}` : d.event);
  }
  for (const e of catalogEvents.value ?? []) {
    if (seen.size >= MAX_SUGGESTIONS) break;
    seen.add(e);
  }
  return [...seen];
}

export function EventField() {
  // the options are built only while the field has focus: the list may hold 100,000 rows
  const [open, setOpen] = useState(false);
  // what is typed but not applied yet survives re-renders (suggestions change as rows arrive)
  const applied = filters.value.event ?? "";
  const [draft, setDraft] = useState(applied);
  useEffect(() => setDraft(applied), [applied]);
  return (
    <span class="event-field">
      <input
        placeholder="event (prefix)"
        title="An event or the start of one: repo_ or quay/repo matches quay/repo_push. Suggestions: ↓"
        size={12}
        list="event-suggestions"
        value={draft}
        onFocus={() => {
          loadCatalog();
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onChange={(e) => setFilter("event", e.currentTarget.value.trim())}
        // Enter applies even while the suggestion popup is open (it would otherwise only close it)
        onKeyDown={(e) => {
          if (e.key === "Enter") setFilter("event", e.currentTarget.value.trim());
        }}
        // a suggestion picked (arrows + Enter, or a click) applies at once
        onInput={(e) => {
          setDraft(e.currentTarget.value);
          if ((e as InputEvent).inputType === "insertReplacementText" || !(e instanceof InputEvent))
            setFilter("event", e.currentTarget.value.trim());
        }}
        data-testid="filter-event"
      />
      <datalist id="event-suggestions" data-testid="event-suggestions">
        {open ? suggestions().map((s) => <option key={s} value={s} />) : null}
      </datalist>
    </span>
  );
}

export function StatusField() {
  const error = statusError.value;
  return (
    <span class="status-field">
      <input
        placeholder="status: 5xx, !200"
        title={`Status filter, e.g. ${STATUS_GRAMMAR}: a comma is "or", ! excludes; hang and reset are deliveries left unanswered`}
        size={9}
        value={filters.value.status ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "status-error" : undefined}
        onChange={(e) => setFilter("status", e.currentTarget.value.trim())}
        data-testid="filter-status"
      />
      {error ? (
        <span id="status-error" class="filter-error" role="alert" data-testid="status-error">
          {error}: not applied
        </span>
      ) : null}
    </span>
  );
}
