import { useEffect } from "preact/hooks";
import { api } from "../api.ts";
import { time } from "../format.ts";
import { tlsErrors } from "../state/console.ts";

export interface TlsFailuresProps {
  /** Show only the newest this many (the endpoint pane); all kept ones when absent. */
  limit?: number;
}

/**
 * Failed TLS handshakes on the HTTPS port, newest first, each in words ("the sender does not
 * trust Quayside's CA; give it certs/ca.pem") with the raw reason beside it. Loaded once from
 * /api/connections (persisted across restarts), then kept current by the live socket.
 */
export function TlsFailures({ limit }: TlsFailuresProps) {
  useEffect(() => {
    api.connections().then(
      (list) => {
        // the live socket may have added newer ones while this was in flight: keep those first
        const live = tlsErrors.value.filter((t) => !list.some((l) => l.at === t.at && l.remote === t.remote));
        tlsErrors.value = [...live, ...list];
      },
      () => {},
    );
  }, []);
  const shown = limit === undefined ? tlsErrors.value : tlsErrors.value.slice(0, limit);
  if (shown.length === 0) return <p data-testid="tls-errors-none">None so far.</p>;
  return (
    <ul class="tls-errors" data-testid="tls-errors">
      {shown.map((t) => (
        <li key={t.at + t.remote} data-testid="tls-error">
          <span class="small" title={t.at}>
            {limit === undefined ? t.at : time(t.at)}
          </span>{" "}
          <span class="token">{t.remote}</span>: <strong>{t.explanation ?? t.reason}</strong>
          {t.explanation && <span class="muted small"> ({t.reason})</span>}
        </li>
      ))}
    </ul>
  );
}
