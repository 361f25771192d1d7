import { useEffect, useState } from "preact/hooks";
import type { ChainView, DeliveryDetail, ResponseRecord } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { ms, plural, statusClass, time } from "../format.ts";
import { chainArrival, selectedId } from "../state/deliveries.ts";

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

/** Attempts whose answering rule is looked up (one request each): the most recent ones. */
export const MAX_RULE_LOOKUPS = 50;
/** Rule per delivery id; a stored delivery's answer never changes, so this only grows to its cap. */
const ruleCache = new Map<string, ResponseRecord["rule"]>();
const MAX_RULE_CACHE = 2000;

/** Which rule answered, in words. */
function ruleWords(rule: ResponseRecord["rule"]): string {
  if (typeof rule === "number") return `rule ${rule + 1}`;
  if (rule === "query") return "URL override";
  if (rule === "policy") return "certificate policy";
  if (rule === "limit") return "a receiver limit";
  if (rule === "proxy") return "the forward target";
  return "default answer";
}

/** The answering rule of each of the last attempts, fetched once per delivery. */
function useRules(chain: ChainView | null): Map<string, ResponseRecord["rule"]> {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!chain) return;
    let live = true;
    const missing = chain.attempts.slice(-MAX_RULE_LOOKUPS).filter((a) => !ruleCache.has(a.deliveryId));
    for (const a of missing)
      api.delivery(a.deliveryId).then(
        (detail) => {
          if (ruleCache.size >= MAX_RULE_CACHE) ruleCache.clear();
          ruleCache.set(a.deliveryId, detail.response.rule);
          if (live) setTick((t) => t + 1);
        },
        () => {},
      );
    return () => {
      live = false;
    };
  }, [chain]);
  return ruleCache;
}

export interface AttemptsTabProps {
  delivery: DeliveryDetail;
  version: number;
}

/** The attempt chain this delivery belongs to: timeline, intervals, outcome, sender profile. */
export function AttemptsTab({ delivery: d, version }: AttemptsTabProps) {
  const [chain, setChain] = useState<ChainView | null>(null);
  const [error, setError] = useState("");
  const [arrivals, setArrivals] = useState(0);
  const arrival = chainArrival.value;
  // A new attempt of this chain arrived live: the timeline is fetched again
  useEffect(() => {
    if (d.chain && arrival.chainId === d.chain.id) setArrivals((n) => n + 1);
  }, [arrival]);
  useEffect(() => {
    if (!d.chain) return;
    api.chain(d.chain.id).then(setChain, (e: Error) => setError(e.message));
  }, [d.chain?.id, version, arrivals]);
  const rules = useRules(chain);
  if (!d.chain) return <p>This delivery is not part of an attempt chain.</p>;
  if (error) return <p class="error">{error}</p>;
  if (!chain) return <p>Loading…</p>;
  return (
    <div data-testid="attempts-tab">
      <p>
        <strong data-testid="attempt-count">{plural(chain.attempts.length, "attempt")}</strong> ·{" "}
        <strong data-testid="chain-outcome">{OUTCOME[chain.outcome]}</strong> · expected:{" "}
        {chain.profile.expected} ·{" "}
        <span class={`badge badge-${chain.profile.verdict}`}>{VERDICT[chain.profile.verdict]}</span>
      </p>
      <ol class="timeline">
        {chain.attempts.map((a, i) => (
          <li
            key={a.deliveryId}
            class={a.deliveryId === d.id ? "current" : ""}
            data-testid="attempt"
            data-id={a.deliveryId}
          >
            <button
              type="button"
              class="attempt-open"
              title="open this attempt"
              onClick={() => {
                selectedId.value = a.deliveryId;
              }}
            >
              <span class="t">{time(a.at)}</span> attempt {i + 1}:{" "}
              <span class={`c-status ${statusClass(a.status)}`}>{a.status || "no answer"}</span>
            </button>
            {rules.has(a.deliveryId) && (
              <span class="small" data-testid="attempt-rule">
                {" "}
                by {ruleWords(rules.get(a.deliveryId) ?? null)}
              </span>
            )}
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
