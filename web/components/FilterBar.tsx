import type { Ref } from "preact";
import { REGISTRY_IDS, REGISTRY_LABELS } from "../../server/contract/index.ts";
import { filters, setFilter } from "../state/filters.ts";

export interface FilterBarProps {
  searchRef: Ref<HTMLInputElement>;
}

/** Filters and full-text search; every change is mirrored in the URL. */
/** Everything the filters select, as one HAR or Markdown document, or one sample per event. */
function ExportLinks() {
  const params = new URLSearchParams(
    Object.entries(filters.value).filter((e): e is [string, string] => !!e[1]),
  );
  const href = (format: string) => `/api/export?format=${format}&${params.toString()}`;
  return (
    <span class="export-all">
      export:{" "}
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

export function FilterBar({ searchRef }: FilterBarProps) {
  const f = filters.value;
  return (
    <search class="filters">
      <input
        ref={searchRef}
        type="search"
        placeholder="Search (/)"
        value={f.q ?? ""}
        onChange={(e) => setFilter("q", e.currentTarget.value)}
        data-testid="filter-q"
      />
      <select
        value={f.registry ?? ""}
        onChange={(e) => setFilter("registry", e.currentTarget.value)}
        data-testid="filter-registry"
      >
        <option value="">any registry</option>
        {REGISTRY_IDS.map((r) => (
          <option key={r} value={r}>
            {REGISTRY_LABELS[r]}
          </option>
        ))}
        <option value="unknown">unknown</option>
      </select>
      <input
        placeholder="event"
        size={12}
        value={f.event ?? ""}
        onChange={(e) => setFilter("event", e.currentTarget.value)}
        data-testid="filter-event"
      />
      <select
        value={f.validity ?? ""}
        onChange={(e) => setFilter("validity", e.currentTarget.value)}
        data-testid="filter-validity"
      >
        <option value="">any validity</option>
        <option value="valid">valid</option>
        <option value="invalid">invalid</option>
        <option value="unknown-event">unknown event</option>
        <option value="not-json">not JSON</option>
      </select>
      <input
        placeholder="status (503, 5xx)"
        size={9}
        value={f.status ?? ""}
        onChange={(e) => setFilter("status", e.currentTarget.value)}
        data-testid="filter-status"
      />
      <select
        value={f.cert ?? ""}
        onChange={(e) => setFilter("cert", e.currentTarget.value)}
        data-testid="filter-cert"
      >
        <option value="">any certificate</option>
        <option value="trusted">trusted</option>
        <option value="pinned">pinned</option>
        <option value="untrusted">untrusted</option>
        <option value="none">none</option>
      </select>
      <ExportLinks />
    </search>
  );
}
