import { useState } from "preact/hooks";
import { health } from "../state/deliveries.ts";

/** Start-up problems with the data dir (a corrupt file moved aside ...), shown until dismissed. */
export function StoreWarnings() {
  const [dismissed, setDismissed] = useState(false);
  const warnings = health.value?.storeWarnings ?? [];
  if (dismissed || warnings.length === 0) return null;
  return (
    <div class="store-warnings" role="alert" data-testid="store-warnings">
      {warnings.map((w) => (
        <p key={w}>⚠ {w}</p>
      ))}
      <button type="button" onClick={() => setDismissed(true)}>
        dismiss
      </button>
    </div>
  );
}
