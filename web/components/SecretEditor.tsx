import { useState } from "preact/hooks";
import type { EndpointView, SignatureMode } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { Dialog } from "./Dialog.tsx";

export interface SecretEditorProps {
  endpoint: EndpointView;
  onClose(): void;
}

/**
 * An endpoint's shared secret: what its registry signs with (or sends in a header), and whether
 * a delivery without a valid signature is refused. The secret is shown masked, never in full;
 * saving with the field left empty keeps the stored one (the server takes the mask back as "keep").
 */
export function SecretEditor({ endpoint: e, onClose }: SecretEditorProps) {
  const current = e.signature;
  const [secret, setSecret] = useState("");
  const [mode, setMode] = useState<SignatureMode>(current?.mode ?? "report");
  const [header, setHeader] = useState(current?.header ?? "");
  const [error, setError] = useState("");
  const save = async (signature: Parameters<typeof api.saveEndpoint>[1]["signature"]) => {
    try {
      await api.saveEndpoint(e.name, { signature });
      onClose();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const submit = (ev: Event) => {
    ev.preventDefault();
    const value = secret || current?.secret;
    if (!value) return setError("enter the secret the registry signs with");
    void save({ secret: value, mode, ...(header.trim() ? { header: header.trim() } : {}) });
  };
  return (
    <Dialog title={`Secret of ${e.name}`} onClose={onClose} testId="secret-editor">
      <form class="secret-form" onSubmit={submit}>
        <label>
          Secret
          <input
            type="password"
            autoComplete="off"
            value={secret}
            placeholder={
              current ? `${current.secret} (leave empty to keep)` : "the registry's webhook secret"
            }
            onInput={(ev) => setSecret(ev.currentTarget.value)}
            data-testid="secret-input"
          />
        </label>
        <label>
          Mode
          <select
            value={mode}
            onChange={(ev) => setMode(ev.currentTarget.value as SignatureMode)}
            data-testid="secret-mode"
          >
            <option value="report">report: record the verdict, answer as usual</option>
            <option value="require">require: answer 401 unless validly signed</option>
          </select>
        </label>
        <label>
          Static header (registries that send the secret itself, not a signature)
          <input
            value={header}
            placeholder="Authorization"
            onInput={(ev) => setHeader(ev.currentTarget.value)}
            data-testid="secret-header"
          />
        </label>
        {error && (
          <p class="note" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="submit" data-testid="secret-save">
            Save
          </button>
          {current && (
            <button type="button" onClick={() => void save(null)} data-testid="secret-remove">
              Remove secret
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
