import { useState } from "preact/hooks";
import { health } from "../state/console.ts";

/**
 * Problems with the data dir (a corrupt file moved aside at start, a segment that could not be
 * sealed ...), kept current live; dismissed until the list changes.
 */
export function StoreWarnings() {
  const [dismissed, setDismissed] = useState<string | null>(null);
  const warnings = health.value?.storeWarnings ?? [];
  const shown = warnings.join("\n");
  if (dismissed === shown || warnings.length === 0) return null;
  return (
    <div class="store-warnings" role="alert" data-testid="store-warnings">
      {warnings.map((w) => (
        <p key={w}>⚠ {w}</p>
      ))}
      <button type="button" onClick={() => setDismissed(shown)}>
        dismiss
      </button>
    </div>
  );
}
