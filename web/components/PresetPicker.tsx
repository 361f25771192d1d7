import { useEffect, useState } from "preact/hooks";
import {
  failsEveryAttempt,
  type PresetsView,
  REGISTRY_IDS,
  REGISTRY_LABELS,
  type RegistryId,
  type Rule,
} from "../../server/contract/index.ts";
import { api } from "../api.ts";

export interface PresetPickerProps {
  /** The sender to compute presets for: the endpoint's registry, or the one its deliveries came from. */
  registry: RegistryId | null;
  /** Applies and saves a preset's rules in one step. */
  onApply(rules: Rule[]): void;
  /** Called with the sender's facts so the editor can warn about hand-written rules too. */
  onSender(sender: PresetsView["sender"]): void;
}

/** The server's presets for the chosen sender; each says beforehand when the sender would give up. */
export function PresetPicker({ registry: initial, onApply, onSender }: PresetPickerProps) {
  const [registry, setRegistry] = useState<RegistryId | null>(initial);
  const [view, setView] = useState<PresetsView | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api.presets(registry).then(
      (v) => {
        setView(v);
        onSender(v.sender);
      },
      (e: Error) => setError(e.message),
    );
  }, [registry]);
  const sender = view?.sender ?? null;
  return (
    <div class="presets" data-testid="presets">
      <label>
        Presets for{" "}
        <select
          value={registry ?? ""}
          onChange={(e) => setRegistry((e.currentTarget.value || null) as RegistryId | null)}
          data-testid="preset-registry"
        >
          <option value="">any sender</option>
          {REGISTRY_IDS.map((r) => (
            <option key={r} value={r}>
              {REGISTRY_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      {error && <p class="error">{error}</p>}
      <ul class="preset-list">
        {view?.presets.map((p) => {
          const givesUp = sender?.givesUp && failsEveryAttempt(p.rules, sender) ? sender.givesUp : null;
          return (
            <li key={p.id} data-preset={p.id}>
              <button type="button" onClick={() => onApply(p.rules)} data-testid={`preset-${p.id}`}>
                {p.label}
              </button>
              {givesUp && (
                <span class="warn small" data-testid="preset-gives-up">
                  {" "}
                  {givesUp}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
