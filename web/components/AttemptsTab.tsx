import { useEffect, useState } from "preact/hooks";
import type { ChainView, DeliveryDetail } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { ms, plural, statusClass, time } from "../format.ts";

const OUTCOME: Record<ChainView["outcome"], string> = {
  delivered: "delivered",
  failing: "still failing, more attempts expected",
  "gave-up": "the sender gave up",
};
const VERDICT: Record<ChainView["profile"]["verdict"], string> = {
  matches: "matches the registry's retries",
  deviates: "differs from the registry's retries",
  unknown: "no retry profile to compare",
};

export interface AttemptsTabProps {
  delivery: DeliveryDetail;
  version: number;
}

/** The attempt chain this delivery belongs to: timeline, intervals, outcome, sender profile. */
export function AttemptsTab({ delivery: d, version }: AttemptsTabProps) {
  const [chain, setChain] = useState<ChainView | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    if (!d.chain) return;
    api.chain(d.chain.id).then(setChain, (e: Error) => setError(e.message));
  }, [d.chain?.id, version]);
  if (!d.chain) return <p>This delivery is not part of an attempt chain.</p>;
  if (error) return <p class="error">{error}</p>;
  if (!chain) return <p>Loading…</p>;
  return (
    <div data-testid="attempts-tab">
      <p>
        <strong>{plural(chain.attempts.length, "attempt")}</strong> ·{" "}
        <strong data-testid="chain-outcome">{OUTCOME[chain.outcome]}</strong> · expected:{" "}
        {chain.profile.expected} ·{" "}
        <span class={`badge badge-${chain.profile.verdict}`}>{VERDICT[chain.profile.verdict]}</span>
      </p>
      <ol class="timeline">
        {chain.attempts.map((a, i) => (
          <li key={a.deliveryId} class={a.deliveryId === d.id ? "current" : ""} data-testid="attempt">
            <span class="t">{time(a.at)}</span> attempt {i + 1}:{" "}
            <span class={`c-status ${statusClass(a.status)}`}>{a.status || "no answer"}</span>
            {i > 0 && chain.intervalsMs[i - 1] !== undefined && (
              <span class="interval" data-testid="interval">
                {" "}
                +{ms(chain.intervalsMs[i - 1] as number)} after attempt {i}
              </span>
            )}
          </li>
        ))}
      </ol>
      {chain.profile.notes.length > 0 && (
        <ul class="warnings">
          {chain.profile.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
