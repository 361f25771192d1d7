import { useState } from "preact/hooks";
import {
  type EndpointView,
  failsEveryAttempt,
  type PresetsView,
  type RegistryId,
  type Rule,
  type ValidationMode,
} from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { rows } from "../state/deliveries.ts";
import { Dialog } from "./Dialog.tsx";
import { PresetPicker } from "./PresetPicker.tsx";

/** The sender to tailor presets to: the endpoint's own setting, else its latest delivery's registry. */
function senderOf(endpoint: EndpointView): RegistryId | null {
  if (endpoint.registry) return endpoint.registry;
  return rows.value.find((r) => r.endpoint === endpoint.name && r.registry)?.registry ?? null;
}

/** What the sender does when `text` makes every attempt fail, or null (also for invalid JSON). */
function givingUp(text: string, sender: PresetsView["sender"]): string | null {
  if (!sender?.givesUp) return null;
  try {
    const rules = JSON.parse(text) as unknown;
    return Array.isArray(rules) && failsEveryAttempt(rules as Rule[], sender) ? sender.givesUp : null;
  } catch {
    return null;
  }
}

export interface RulesEditorProps {
  endpoint: EndpointView;
  onClose(): void;
}

/** Edits an endpoint's ordered response rules, client-certificate policy and body validation. */
export function RulesEditor({ endpoint, onClose }: RulesEditorProps) {
  const [text, setText] = useState(JSON.stringify(endpoint.rules, null, 2));
  const [mode, setMode] = useState(endpoint.clientCert.mode);
  const [pins, setPins] = useState(endpoint.clientCert.pins.join("\n"));
  const [validation, setValidation] = useState<ValidationMode>(endpoint.validation ?? "lenient");
  const [message, setMessage] = useState("");
  const [sender, setSender] = useState<PresetsView["sender"]>(null);
  const store = async (rules: Rule[]) => {
    try {
      await api.saveEndpoint(endpoint.name, {
        rules,
        clientCert: { mode, pins: pins.split(/\s+/).filter(Boolean) },
        validation,
      });
      setMessage("Saved: applies to the next delivery.");
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const save = async () => {
    let rules: Rule[];
    try {
      rules = JSON.parse(text) as Rule[];
    } catch {
      setMessage("The rules are not valid JSON.");
      return;
    }
    await store(rules);
  };
  const applyPreset = (rules: Rule[]) => {
    setText(JSON.stringify(rules, null, 2));
    void store(rules);
  };
  const warning = givingUp(text, sender);
  return (
    <Dialog title={`Endpoint ${endpoint.name}`} onClose={onClose} testId="rules-editor">
      <PresetPicker registry={senderOf(endpoint)} onApply={applyPreset} onSender={setSender} />
      <label class="form">
        Response rules (first match wins)
        <textarea
          rows={12}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          data-testid="rules-json"
        />
      </label>
      {warning && (
        <p class="warn" data-testid="rules-gives-up">
          Every attempt fails under these rules: {warning}
        </p>
      )}
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
        Body validation{" "}
        <select
          value={validation}
          onChange={(e) => setValidation(e.currentTarget.value as ValidationMode)}
          data-testid="validation-mode"
        >
          <option value="lenient">lenient (the catalog's schema)</option>
          <option value="documented">documented (also report fields the docs do not list)</option>
          <option value="off">off (custom body template: record, never judge)</option>
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
