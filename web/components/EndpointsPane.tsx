import { useState } from "preact/hooks";
import type { EndpointView } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { plural } from "../format.ts";
import { endpoints } from "../state/deliveries.ts";
import { filters, setFilter } from "../state/filters.ts";
import { CopyButton } from "./CopyButton.tsx";
import { RulesEditor } from "./RulesEditor.tsx";
import { SecretEditor } from "./SecretEditor.tsx";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** "HTTPS · LAN" / "HTTP · localhost": where a URL can be reached from. */
function urlKind(url: string): string {
  let host = "";
  try {
    host = new URL(url).hostname;
  } catch {
    // shown as-is below; the label just says "URL"
  }
  const scheme = url.startsWith("https:") ? "HTTPS" : "HTTP";
  return host ? `${scheme} · ${LOOPBACK.has(host) ? "localhost" : "LAN"}` : "URL";
}

/** Every receiving URL of one endpoint, each with its own copy button. */
function EndpointUrls({ endpoint: e }: { endpoint: EndpointView }) {
  return (
    <ul class="ep-urls" data-testid="endpoint-urls">
      {[...e.urls.https, ...e.urls.http].map((u) => (
        <li key={u} data-testid="endpoint-url">
          <span class="small">{urlKind(u)}</span>
          <CopyButton text={u} what={u} class="mini" testId="copy-url" />
          <code class="url token">{u}</code>
        </li>
      ))}
    </ul>
  );
}

/** Deletes every delivery of one endpoint after a confirmation (the settings stay). */
async function clearEndpoint(name: string): Promise<void> {
  if (!confirm(`Delete every delivery of ${name}?`)) return;
  await api.clear(name);
}

/** Endpoints with counts, the URLs to paste into a registry, and their settings. */
export function EndpointsPane() {
  const [editing, setEditing] = useState<EndpointView | null>(null);
  const [secretOf, setSecretOf] = useState<EndpointView | null>(null);
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
              <EndpointUrls endpoint={e} />
              <p class="small">
                {e.rules.length ? plural(e.rules.length, "response rule") : "no response rules"} · client
                certificate{" "}
                {e.clientCert.mode === "off"
                  ? "not checked"
                  : e.clientCert.mode === "report"
                    ? "recorded"
                    : "required"}
                {e.forward
                  ? ` · ${e.forward.mode === "proxy" ? "proxied" : "mirrored"} to ${e.forward.url}`
                  : ""}
                {" · "}
                {e.signature
                  ? `signature ${e.signature.mode === "require" ? "required" : "checked"}`
                  : "no secret"}
              </p>
              <button type="button" onClick={() => setEditing(e)} data-testid="edit-rules">
                Rules & policy…
              </button>{" "}
              <button type="button" onClick={() => setSecretOf(e)} data-testid="edit-secret">
                Secret…
              </button>{" "}
              <button type="button" onClick={() => void clearEndpoint(e.name)} data-testid="endpoint-clear">
                Delete its deliveries
              </button>
            </div>
          )}
        </div>
      ))}
      {editing && <RulesEditor endpoint={editing} onClose={() => setEditing(null)} />}
      {secretOf && <SecretEditor endpoint={secretOf} onClose={() => setSecretOf(null)} />}
    </nav>
  );
}
