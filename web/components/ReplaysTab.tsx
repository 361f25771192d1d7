import type { DeliveryDetail } from "../../server/contract/index.ts";
import { time } from "../format.ts";
import { selectedId } from "../state/deliveries.ts";

export interface ReplaysTabProps {
  delivery: DeliveryDetail;
  onReplay(): void;
}

/** Every replay or forward of this delivery and what the target answered. */
const show = (id: string | null) => {
  selectedId.value = id;
};

export function ReplaysTab({ delivery: d, onReplay }: ReplaysTabProps) {
  return (
    <div data-testid="replays-tab">
      <p>
        <button type="button" onClick={onReplay} data-testid="open-replay">
          Replay… (r)
        </button>
        {d.replayOf && (
          <>
            {" "}
            This is a replay of{" "}
            <button type="button" class="link" onClick={() => show(d.replayOf)}>
              {d.replayOf}
            </button>
            .
          </>
        )}
      </p>
      {d.replays.length === 0 ? (
        <p>No replays yet.</p>
      ) : (
        <table class="kv">
          <tbody>
            {d.replays.map((r) => (
              <tr key={r.at}>
                <th>{time(r.at)}</th>
                <td>
                  {r.target} →{" "}
                  {r.error ? <span class="error">{r.error.message}</span> : <strong>{r.status}</strong>} in{" "}
                  {r.durationMs} ms
                  {r.deliveryId && (
                    <>
                      {" "}
                      ·{" "}
                      <button type="button" class="link" onClick={() => show(r.deliveryId ?? null)}>
                        new delivery
                      </button>
                    </>
                  )}
                  {r.body && <pre class="raw small">{r.body}</pre>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
