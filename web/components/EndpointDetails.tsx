import type { EndpointView } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { plural } from "../format.ts";
import { EndpointUrls } from "./EndpointUrls.tsx";
import { TlsFailures } from "./TlsFailures.tsx";

/** Failed handshakes shown under an endpoint: enough to spot a pattern, not the whole log. */
const RECENT_TLS_FAILURES = 5;

export interface EndpointDetailsProps {
  endpoint: EndpointView;
  onEdit(what: "rules" | "secret" | "forward"): void;
}

/** Deletes every delivery of one endpoint after a confirmation (the settings stay). */
async function clearEndpoint(name: string): Promise<void> {
  if (!confirm(`Delete every delivery of ${name}?`)) return;
  await api.clear(name);
}

/** The endpoint's settings in one line of words. */
function summary(e: EndpointView): string {
  const cert =
    e.clientCert.mode === "off" ? "not checked" : e.clientCert.mode === "report" ? "recorded" : "required";
  const forward = e.forward
    ? ` · ${e.forward.mode === "proxy" ? "proxied" : "mirrored"} to ${e.forward.url}${
        e.forward.clientCert ? " with Quayside's client certificate" : ""
      }`
    : "";
  const signature = e.signature
    ? `signature ${e.signature.mode === "require" ? "required" : "checked"}`
    : "no secret";
  const rules = e.rules.length ? plural(e.rules.length, "response rule") : "no response rules";
  return `${rules} · client certificate ${cert}${forward} · ${signature}`;
}

/** The selected endpoint: URLs to paste, its settings, and recent failed TLS handshakes. */
export function EndpointDetails({ endpoint: e, onEdit }: EndpointDetailsProps) {
  return (
    <div class="ep-details" data-testid="endpoint-details">
      <EndpointUrls endpoint={e} />
      <p class="small" data-testid="endpoint-summary">
        {summary(e)}
      </p>
      <button type="button" onClick={() => onEdit("rules")} data-testid="edit-rules">
        Rules & policy…
      </button>{" "}
      <button type="button" onClick={() => onEdit("forward")} data-testid="edit-forward">
        Forwarding…
      </button>{" "}
      <button type="button" onClick={() => onEdit("secret")} data-testid="edit-secret">
        Secret…
      </button>{" "}
      <button type="button" onClick={() => void clearEndpoint(e.name)} data-testid="endpoint-clear">
        Delete its deliveries
      </button>
      <details class="ep-tls" data-testid="endpoint-tls">
        <summary>Recent failed TLS handshakes</summary>
        <p class="small muted">
          On the HTTPS port, for every endpoint: a handshake fails before the sender names the path.
        </p>
        <TlsFailures limit={RECENT_TLS_FAILURES} />
      </details>
    </div>
  );
}
