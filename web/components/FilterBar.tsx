import type { Ref } from "preact";
import { REGISTRY_IDS, REGISTRY_LABELS } from "../../server/contract/index.ts";
import { SIG_FILTERS } from "../signature.ts";
import { cancelSearch, searching } from "../state/deliveries.ts";
import { appliedFilters, type FILTER_KEYS, filters, setFilter } from "../state/filters.ts";
import { EventField, StatusField } from "./FilterFields.tsx";

export interface FilterBarProps {
  searchRef: Ref<HTMLInputElement>;
}

/** Everything the filters select, as one HAR or Markdown document, or one sample per event. */
function ExportLinks() {
  const params = new URLSearchParams(
    Object.entries(appliedFilters.value).filter((e): e is [string, string] => !!e[1]),
  );
  const href = (format: string) => `/api/export?format=${format}&${params.toString()}`;
  return (
    <span class="export-all" title="export everything the filters select">
      <span class="export-label">export: </span>
      <a href={href("har")} download>
        HAR
      </a>{" "}
      <a href={href("md")} download>
        Markdown
      </a>{" "}
      <a href={href("samples")} download data-testid="export-samples">
        samples
      </a>
    </span>
  );
}

type Key = (typeof FILTER_KEYS)[number];

/** Shown while a search is waiting for its answer, with a control that stops it. */
function Searching() {
  if (!searching.value) return null;
  return (
    <span class="searching" data-testid="searching" role="status">
      searching…
      <button
        type="button"
        title="Stop this search"
        aria-label="Stop this search"
        onClick={cancelSearch}
        data-testid="search-cancel"
      >
        ×
      </button>
    </span>
  );
}

/** One filter as a select: "" means any. */
function Choice({ name, any, options }: { name: Key; any: string; options: [string, string][] }) {
  return (
    <select
      value={filters.value[name] ?? ""}
      onChange={(e) => setFilter(name, e.currentTarget.value)}
      data-testid={`filter-${name}`}
    >
      <option value="">{any}</option>
      {options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
  );
}

const REGISTRIES: [string, string][] = [
  ...REGISTRY_IDS.map((r): [string, string] => [r, REGISTRY_LABELS[r]]),
  ["unknown", "unknown"],
];
const VALIDITIES: [string, string][] = [
  ["valid", "valid"],
  ["invalid", "invalid"],
  ["unknown-event", "unknown event"],
  ["not-json", "not JSON"],
  ["not-validated", "not validated"],
];
const VERDICTS: [string, string][] = ["trusted", "pinned", "untrusted", "none"].map((v) => [v, v]);

/** Filters and full-text search; every change is mirrored in the URL. */
export function FilterBar({ searchRef }: FilterBarProps) {
  return (
    <search class="filters">
      <input
        ref={searchRef}
        type="search"
        placeholder="Search (/): words, header:name=value"
        title="Every word must match: summary, body, header values, path or query (any case). header:x-github-event=push searches one header by name (its value in part); header:name, any value."
        value={filters.value.q ?? ""}
        onChange={(e) => setFilter("q", e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key !== "Escape") return;
          // Esc leaves the search entirely: filter dropped, focus back to the list so j/k move
          e.preventDefault();
          e.stopPropagation();
          e.currentTarget.value = "";
          setFilter("q", "");
          e.currentTarget.blur();
        }}
        data-testid="filter-q"
      />
      <Searching />
      <Choice name="registry" any="any registry" options={REGISTRIES} />
      <EventField />
      <Choice name="validity" any="any validity" options={VALIDITIES} />
      <StatusField />
      {/* short "any" labels: both fit a narrow select beside the export links (1024 px) */}
      <Choice name="cert" any="any cert" options={VERDICTS} />
      <Choice name="sig" any="any sig" options={SIG_FILTERS} />
      <ExportLinks />
    </search>
  );
}
