import { useState } from "preact/hooks";
import type { EndpointView, ForwardSettings } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { Dialog } from "./Dialog.tsx";

export interface ForwardEditorProps {
  endpoint: EndpointView;
  onClose(): void;
}

type Mode = ForwardSettings["mode"] | "off";

/**
 * Where an endpoint's deliveries also go: `mirror` (the registry gets Quayside's answer, your
 * service a copy) or `proxy` (the registry gets your service's answer). The server checks the
 * target with the address guard on save; its refusal is shown as it says it.
 */
export function ForwardEditor({ endpoint: e, onClose }: ForwardEditorProps) {
  const [mode, setMode] = useState<Mode>(e.forward?.mode ?? "off");
  const [url, setUrl] = useState(e.forward?.url ?? "");
  const [clientCert, setClientCert] = useState(e.forward?.clientCert ?? false);
  const [error, setError] = useState("");
  const submit = async (ev: Event) => {
    ev.preventDefault();
    if (mode !== "off" && !url.trim())
      return setError("Enter the URL of your service (http:// or https://).");
    try {
      await api.saveEndpoint(e.name, {
        forward: mode === "off" ? null : { url: url.trim(), mode, clientCert },
      });
      onClose();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Dialog title={`Forwarding of ${e.name}`} onClose={onClose} testId="forward-editor">
      <form class="secret-form" onSubmit={submit}>
        <label>
          Mode
          <select
            value={mode}
            onChange={(ev) => setMode(ev.currentTarget.value as Mode)}
            data-testid="forward-mode"
          >
            <option value="off">off: record and answer here only</option>
            <option value="mirror">mirror: also send each delivery to your service</option>
            <option value="proxy">proxy: the registry gets your service's answer</option>
          </select>
        </label>
        {mode !== "off" && (
          <>
            <label>
              Target URL
              <input
                value={url}
                inputMode="url"
                spellcheck={false}
                placeholder="http://localhost:3000/hook"
                onInput={(ev) => setUrl(ev.currentTarget.value)}
                data-testid="forward-url"
              />
            </label>
            <label class="check">
              <input
                type="checkbox"
                checked={clientCert}
                onChange={(ev) => setClientCert(ev.currentTarget.checked)}
                data-testid="forward-client-cert"
              />{" "}
              Present Quayside's client certificate (for a service that wants mTLS, as Quay would)
            </label>
          </>
        )}
        {error && (
          <p class="note" role="alert" data-testid="forward-error">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="submit" data-testid="forward-save">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
