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
import { CERT_MODE_WORDS } from "./CertPolicyTable.tsx";
import { Dialog } from "./Dialog.tsx";
import { PresetPicker } from "./PresetPicker.tsx";
import { RulesForm } from "./RulesForm.tsx";

/** The sender to tailor presets to: the endpoint's own setting, else its latest delivery's registry. */
function senderOf(endpoint: EndpointView): RegistryId | null {
  if (endpoint.registry) return endpoint.registry;
  return rows.value.find((r) => r.endpoint === endpoint.name && r.registry)?.registry ?? null;
}

/** The rules in `text`, or null when it is not a JSON list. */
function parseRules(text: string): Rule[] | null {
  try {
    const rules = JSON.parse(text) as unknown;
    return Array.isArray(rules) ? (rules as Rule[]) : null;
  } catch {
    return null;
  }
}

/** What the sender does when `rules` make every attempt fail, or null. */
function givingUp(rules: Rule[] | null, sender: PresetsView["sender"]): string | null {
  if (!sender?.givesUp || !rules) return null;
  try {
    return failsEveryAttempt(rules, sender) ? sender.givesUp : null;
  } catch {
    return null; // a half-filled rule the server would refuse anyway
  }
}

export interface RulesEditorProps {
  endpoint: EndpointView;
  onClose(): void;
}

/**
 * Edits an endpoint's ordered response rules (as a form, or as JSON), client-certificate policy
 * and body validation. A preset is applied and saved in one step.
 */
export function RulesEditor({ endpoint, onClose }: RulesEditorProps) {
  const [rules, setRules] = useState<Rule[]>(endpoint.rules);
  // bumped when the rules are replaced from outside the form (a preset, the JSON view), so the
  // form's cards start again from the new rules
  const [version, setVersion] = useState(0);
  const [text, setText] = useState<string | null>(null);
  const [mode, setMode] = useState(endpoint.clientCert.mode);
  const [pins, setPins] = useState(endpoint.clientCert.pins.join("\n"));
  const [validation, setValidation] = useState<ValidationMode>(endpoint.validation ?? "lenient");
  const [message, setMessage] = useState("");
  const [sender, setSender] = useState<PresetsView["sender"]>(null);
  const current = text === null ? rules : parseRules(text);

  const store = async (list: Rule[]) => {
    setMessage("Saving…");
    try {
      const saved = await api.saveEndpoint(endpoint.name, {
        rules: list,
        clientCert: { mode, pins: pins.split(/\s+/).filter(Boolean) },
        validation,
      });
      setRules(saved.rules);
      setMessage("Saved: applies to the next delivery.");
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const save = () => {
    if (current) void store(current);
    else setMessage("The rules are not a valid JSON list.");
  };
  const replace = (list: Rule[]) => {
    setRules(list);
    setVersion((v) => v + 1);
    if (text !== null) setText(JSON.stringify(list, null, 2));
  };
  const applyPreset = (list: Rule[]) => {
    replace(list);
    void store(list);
  };
  const showJson = (json: boolean) => {
    if (json) return setText(JSON.stringify(rules, null, 2));
    if (!current) return setMessage("Fix the JSON first: it is not a valid list of rules.");
    replace(current);
    setText(null);
  };
  const warning = givingUp(current, sender);
  return (
    <Dialog title={`Endpoint ${endpoint.name}`} onClose={onClose} testId="rules-editor">
      <PresetPicker registry={senderOf(endpoint)} onApply={applyPreset} onSender={setSender} />
      <ViewToggle json={text !== null} onPick={showJson} />
      {text === null ? (
        <RulesForm key={version} rules={rules} onChange={setRules} />
      ) : (
        <textarea
          class="rules-json"
          rows={12}
          aria-label="rules as JSON"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          data-testid="rules-json"
        />
      )}
      {warning && (
        <p class="warn" data-testid="rules-gives-up">
          Every attempt fails under these rules: {warning}
        </p>
      )}
      <PolicyFields {...{ mode, setMode, pins, setPins, validation, setValidation }} />
      <button type="button" onClick={save} data-testid="rules-save">
        Save
      </button>
      {message && (
        <p role="status" data-testid="rules-message">
          {message}
        </p>
      )}
    </Dialog>
  );
}

/** Form or JSON: two buttons, the current one pressed. */
function ViewToggle({ json, onPick }: { json: boolean; onPick(json: boolean): void }) {
  return (
    <fieldset class="rules-view">
      <legend>Response rules (first match wins)</legend>
      <button type="button" aria-pressed={!json} onClick={() => onPick(false)} data-testid="rules-view-form">
        Form
      </button>
      <button type="button" aria-pressed={json} onClick={() => onPick(true)} data-testid="rules-view-json">
        JSON
      </button>
    </fieldset>
  );
}

interface PolicyFieldsProps {
  mode: EndpointView["clientCert"]["mode"];
  setMode(mode: EndpointView["clientCert"]["mode"]): void;
  pins: string;
  setPins(pins: string): void;
  validation: ValidationMode;
  setValidation(v: ValidationMode): void;
}

/** The endpoint's client-certificate policy and body validation, saved with the rules. */
function PolicyFields({ mode, setMode, pins, setPins, validation, setValidation }: PolicyFieldsProps) {
  return (
    <>
      <label class="form">
        Client certificate{" "}
        <select
          value={mode}
          onChange={(e) => setMode(e.currentTarget.value as typeof mode)}
          data-testid="cert-mode"
        >
          {(Object.keys(CERT_MODE_WORDS) as (typeof mode)[]).map((m) => (
            <option key={m} value={m}>
              {CERT_MODE_WORDS[m]}
            </option>
          ))}
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
    </>
  );
}
