import { useState } from "preact/hooks";
import type { EndpointView } from "../../server/contract/index.ts";
import { copy } from "../format.ts";
import { endpoints } from "../state/deliveries.ts";
import { filters, setFilter } from "../state/filters.ts";
import { RulesEditor } from "./RulesEditor.tsx";

/** Endpoints with counts, the URLs to paste into a registry, and their settings. */
export function EndpointsPane() {
  const [editing, setEditing] = useState<EndpointView | null>(null);
  const current = filters.value.endpoint;
  return (
    <nav class="endpoints" aria-label="endpoints" data-testid="endpoints">
      <h2>Endpoints</h2>
      <button type="button" class={`ep${current ? "" : " active"}`} onClick={() => setFilter("endpoint", "")}>
        all
      </button>
      {endpoints.value.map((e) => (
        <div key={e.name} class={`ep-block${current === e.name ? " active" : ""}`}>
          <button
            type="button"
            class="ep"
            onClick={() => setFilter("endpoint", e.name)}
            data-testid="endpoint"
          >
            <span>{e.name}</span>
            <span class="count">{e.count}</span>
          </button>
          {current === e.name && (
            <div class="ep-details">
              {[...e.urls.https.slice(0, 2), ...e.urls.http.slice(0, 1)].map((u) => (
                <code key={u} class="url" title="copy" onClick={() => copy(u)}>
                  {u}
                </code>
              ))}
              <p class="small">
                {e.rules.length} rule(s) · client cert {e.clientCert.mode}
                {e.forward ? ` · ${e.forward.mode} → ${e.forward.url}` : ""}
              </p>
              <button type="button" onClick={() => setEditing(e)} data-testid="edit-rules">
                Rules & policy…
              </button>
            </div>
          )}
        </div>
      ))}
      {editing && <RulesEditor endpoint={editing} onClose={() => setEditing(null)} />}
    </nav>
  );
}
