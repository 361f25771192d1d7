import { useState } from "preact/hooks";
import type { EndpointView, Rule } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { Dialog } from "./Dialog.tsx";

export interface RulesEditorProps {
  endpoint: EndpointView;
  onClose(): void;
}

/** Presets for the common retry experiments; the JSON stays editable for everything else. */
export const PRESETS: { label: string; rules: Rule[] }[] = [
  {
    label: "Fail first 3 with 503",
    rules: [{ schedule: { kind: "first", n: 3 }, respond: { status: 503 } }],
  },
  { label: "Always 500", rules: [{ schedule: { kind: "always" }, respond: { status: 500 } }] },
  { label: "Time out (hang)", rules: [{ respond: { action: "hang" } }] },
  {
    label: "Flaky 30%",
    rules: [{ schedule: { kind: "probability", p: 0.3, seed: 1 }, respond: { status: 503 } }],
  },
  { label: "Reset connection", rules: [{ respond: { action: "reset" } }] },
  { label: "Default (200)", rules: [] },
];

/** Edits an endpoint's ordered response rules and client-certificate policy. */
export function RulesEditor({ endpoint, onClose }: RulesEditorProps) {
  const [text, setText] = useState(JSON.stringify(endpoint.rules, null, 2));
  const [mode, setMode] = useState(endpoint.clientCert.mode);
  const [pins, setPins] = useState(endpoint.clientCert.pins.join("\n"));
  const [message, setMessage] = useState("");
  const save = async () => {
    let rules: Rule[];
    try {
      rules = JSON.parse(text) as Rule[];
    } catch {
      setMessage("The rules are not valid JSON.");
      return;
    }
    try {
      await api.saveEndpoint(endpoint.name, {
        rules,
        clientCert: { mode, pins: pins.split(/\s+/).filter(Boolean) },
      });
      setMessage("Saved: applies to the next delivery.");
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  return (
    <Dialog title={`Endpoint ${endpoint.name}`} onClose={onClose} testId="rules-editor">
      <div class="presets">
        {PRESETS.map((p) => (
          <button type="button" key={p.label} onClick={() => setText(JSON.stringify(p.rules, null, 2))}>
            {p.label}
          </button>
        ))}
      </div>
      <label class="form">
        Response rules (first match wins)
        <textarea
          rows={12}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          data-testid="rules-json"
        />
      </label>
      <label class="form">
        Client certificate{" "}
        <select
          value={mode}
          onChange={(e) => setMode(e.currentTarget.value as typeof mode)}
          data-testid="cert-mode"
        >
          <option value="off">off</option>
          <option value="report">report (record the verdict)</option>
          <option value="require">require (401 / 403 otherwise)</option>
        </select>
      </label>
      <label class="form">
        Pinned SHA-256 fingerprints (one per line)
        <textarea rows={3} value={pins} onInput={(e) => setPins(e.currentTarget.value)} />
      </label>
      <button type="button" onClick={save} data-testid="rules-save">
        Save
      </button>
      {message && <p data-testid="rules-message">{message}</p>}
    </Dialog>
  );
}
