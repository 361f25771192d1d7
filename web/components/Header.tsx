import { connection, held, paused, togglePause } from "../state/deliveries.ts";

export interface HeaderProps {
  route: string;
  picked: string[];
  onCompare(): void;
  onClear(): void;
  onHelp(): void;
}

/** Title, navigation, live status, pause and clear. */
export function Header({ route, picked, onCompare, onClear, onHelp }: HeaderProps) {
  const state = paused.value ? "paused" : connection.value;
  return (
    <header class="top">
      <a class="brand" href="#/">
        Quayside
      </a>
      <nav>
        <a href="#/" class={route === "" ? "active" : ""}>
          Deliveries
        </a>
        <a href="#/catalog" class={route === "catalog" ? "active" : ""}>
          Catalog
        </a>
        <a href="#/certs" class={route === "certs" ? "active" : ""}>
          Certificates
        </a>
      </nav>
      <span class="spacer" />
      {picked.length === 2 && (
        <button type="button" onClick={onCompare} data-testid="compare">
          Compare 2
        </button>
      )}
      <span class={`status status-${state}`} data-testid="connection" title="live updates">
        ● {state}
      </span>
      <button type="button" onClick={togglePause} data-testid="pause">
        {paused.value ? `Resume${held.value.length ? ` (${held.value.length} new)` : ""}` : "Pause"}
      </button>
      <button type="button" onClick={onClear} data-testid="clear">
        Clear
      </button>
      <button type="button" onClick={onHelp} aria-label="keyboard shortcuts">
        ?
      </button>
    </header>
  );
}
