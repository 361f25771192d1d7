import { useState } from "preact/hooks";
import type { EndpointView } from "../../server/contract/index.ts";
import { endpoints } from "../state/console.ts";
import { filters, setFilter } from "../state/filters.ts";
import { EndpointDetails } from "./EndpointDetails.tsx";
import { ForwardEditor } from "./ForwardEditor.tsx";
import { NewEndpoint } from "./NewEndpoint.tsx";
import { RulesEditor } from "./RulesEditor.tsx";
import { SecretEditor } from "./SecretEditor.tsx";

type Editing = { what: "rules" | "secret" | "forward"; endpoint: EndpointView } | { what: "new" } | null;

/** Endpoints with counts, the URLs to paste into a registry, and their settings. */
export function EndpointsPane() {
  const [editing, setEditing] = useState<Editing>(null);
  const close = () => setEditing(null);
  const current = filters.value.endpoint;
  return (
    <nav class="endpoints" aria-label="endpoints" data-testid="endpoints">
      <h2>Endpoints</h2>
      <button
        type="button"
        class="ep-new"
        onClick={() => setEditing({ what: "new" })}
        data-testid="new-endpoint-open-dialog"
      >
        New endpoint…
      </button>
      <button type="button" class={`ep${current ? "" : " active"}`} onClick={() => setFilter("endpoint", "")}>
        all
      </button>
      {endpoints.value.map((e) => (
        <div key={e.name} class={`ep-block${current === e.name ? " active" : ""}`} data-id={e.name}>
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
            <EndpointDetails endpoint={e} onEdit={(what) => setEditing({ what, endpoint: e })} />
          )}
        </div>
      ))}
      {editing?.what === "new" && <NewEndpoint onClose={close} />}
      {editing?.what === "rules" && <RulesEditor endpoint={editing.endpoint} onClose={close} />}
      {editing?.what === "secret" && <SecretEditor endpoint={editing.endpoint} onClose={close} />}
      {editing?.what === "forward" && <ForwardEditor endpoint={editing.endpoint} onClose={close} />}
    </nav>
  );
}
