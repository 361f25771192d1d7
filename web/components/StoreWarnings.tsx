import { useEffect, useState } from "preact/hooks";
import { api } from "../api.ts";

/** Start-up problems with the data dir (a corrupt file moved aside ...), shown until dismissed. */
export function StoreWarnings() {
  const [warnings, setWarnings] = useState<string[]>([]);
  useEffect(() => {
    api.health().then(
      (h) => setWarnings(h.storeWarnings),
      () => {},
    );
  }, []);
  if (warnings.length === 0) return null;
  return (
    <div class="store-warnings" role="alert" data-testid="store-warnings">
      {warnings.map((w) => (
        <p key={w}>⚠ {w}</p>
      ))}
      <button type="button" onClick={() => setWarnings([])}>
        dismiss
      </button>
    </div>
  );
}
