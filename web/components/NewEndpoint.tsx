import { useState } from "preact/hooks";
import {
  type EndpointView,
  isEndpointName,
  REGISTRY_IDS,
  REGISTRY_LABELS,
  type RegistryId,
} from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { endpoints } from "../state/console.ts";
import { setFilter } from "../state/filters.ts";
import { Dialog } from "./Dialog.tsx";
import { EndpointUrls } from "./EndpointUrls.tsx";

/**
 * The endpoint-name rule the receiver and the API apply (A-Z a-z 0-9 . _ -, 1 to 64); checked
 * here too so a bad name is explained before anything is sent.
 */

export interface NewEndpointProps {
  onClose(): void;
}

/** Why `name` cannot be a new endpoint, or null when it can. */
function nameProblem(name: string): string | null {
  if (!name) return "Give the endpoint a name.";
  if (!isEndpointName(name))
    return "Endpoint names use only letters, digits, dot, underscore and dash, 1 to 64 of them.";
  if (endpoints.value.some((e) => e.name === name)) return `There is already an endpoint ${name}.`;
  return null;
}

/**
 * Creates an endpoint before its first delivery, with the registry it expects, then shows the
 * URLs to paste into that registry. Rules, forwarding and secret are set on it afterwards.
 */
export function NewEndpoint({ onClose }: NewEndpointProps) {
  const [name, setName] = useState("");
  const [registry, setRegistry] = useState<RegistryId | "">("");
  const [error, setError] = useState("");
  const [created, setCreated] = useState<EndpointView | null>(null);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const problem = nameProblem(name.trim());
    if (problem) return setError(problem);
    try {
      const view = await api.saveEndpoint(name.trim(), { registry: registry || null });
      endpoints.value = [...endpoints.value.filter((e) => e.name !== view.name), view].sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      setCreated(view);
      setError("");
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Dialog title="New endpoint" onClose={onClose} testId="new-endpoint">
      {created ? (
        <div data-testid="new-endpoint-created">
          <p>
            Endpoint <strong>{created.name}</strong> is ready. Paste one of these into the registry (HTTPS
            needs it to trust certs/ca.pem):
          </p>
          <EndpointUrls endpoint={created} />
          <button
            type="button"
            onClick={() => {
              setFilter("endpoint", created.name);
              onClose();
            }}
            data-testid="new-endpoint-open"
          >
            Open {created.name}
          </button>
        </div>
      ) : (
        <form class="secret-form" onSubmit={submit}>
          <label>
            Name
            <input
              value={name}
              maxLength={64}
              autoFocus
              placeholder="ci"
              onInput={(ev) => setName(ev.currentTarget.value)}
              data-testid="new-endpoint-name"
            />
          </label>
          <label>
            Registry (optional: tailors presets and explains the deliveries)
            <select
              value={registry}
              onChange={(ev) => setRegistry(ev.currentTarget.value as RegistryId | "")}
              data-testid="new-endpoint-registry"
            >
              <option value="">any sender</option>
              {REGISTRY_IDS.map((r) => (
                <option key={r} value={r}>
                  {REGISTRY_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          {error && (
            <p class="note" role="alert" data-testid="new-endpoint-error">
              {error}
            </p>
          )}
          <div class="actions">
            <button type="submit" data-testid="new-endpoint-create">
              Create
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
