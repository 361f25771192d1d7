import { useState } from "preact/hooks";
import {
  REGISTRY_IDS,
  REGISTRY_LABELS,
  type RegistryId,
  type Rule,
  type Schedule,
} from "../../server/contract/index.ts";

/** An empty field is "not set"; anything else a number (NaN is refused by the server, by name). */
const num = (v: string): number | undefined => (v.trim() === "" ? undefined : Number(v));
const shown = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "" : String(n));

/** Drops the members left empty, and the whole object when nothing is left. */
function compact<T extends object>(o: T): T | undefined {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as T;
  return Object.keys(out).length ? out : undefined;
}

export interface WhenFieldsProps {
  when: Rule["when"];
  onChange(when: Rule["when"]): void;
}

/** Which deliveries the rule applies to; every field left empty matches everything. */
export function WhenFields({ when, onChange }: WhenFieldsProps) {
  const w = when ?? {};
  const set = (patch: Partial<NonNullable<Rule["when"]>>) => onChange(compact({ ...w, ...patch }));
  return (
    <fieldset class="rule-part" data-testid="rule-when">
      <legend>When</legend>
      <label>
        registry{" "}
        <select
          value={w.registry ?? ""}
          onChange={(e) => set({ registry: (e.currentTarget.value || undefined) as RegistryId | undefined })}
          data-testid="rule-when-registry"
        >
          <option value="">any</option>
          {REGISTRY_IDS.map((r) => (
            <option key={r} value={r}>
              {REGISTRY_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      <label>
        event{" "}
        <input
          value={w.event ?? ""}
          placeholder="any"
          onInput={(e) => set({ event: e.currentTarget.value })}
        />
      </label>
      <label>
        repository (glob){" "}
        <input
          value={w.repository ?? ""}
          placeholder="any, e.g. ns/*"
          onInput={(e) => set({ repository: e.currentTarget.value })}
        />
      </label>
      <label>
        attempt{" "}
        <input
          type="number"
          min={1}
          value={shown(w.attempt)}
          placeholder="any"
          onInput={(e) => set({ attempt: num(e.currentTarget.value) })}
          data-testid="rule-when-attempt"
        />
      </label>
    </fieldset>
  );
}

const SCHEDULE_DEFAULTS: Record<Schedule["kind"], Schedule> = {
  always: { kind: "always" },
  first: { kind: "first", n: 2 },
  every: { kind: "every", n: 2 },
  sequence: { kind: "sequence", statuses: [503, 503, 200] },
  probability: { kind: "probability", p: 0.3 },
};

export interface ScheduleFieldsProps {
  schedule: Schedule | undefined;
  onChange(schedule: Schedule | undefined): void;
}

/** When among the matching deliveries the rule fires. */
export function ScheduleFields({ schedule, onChange }: ScheduleFieldsProps) {
  const s = schedule ?? SCHEDULE_DEFAULTS.always;
  // the list as typed ("503, 5"), so a half-typed status is not reformatted under the cursor
  const [statuses, setStatuses] = useState(s.kind === "sequence" ? s.statuses.join(", ") : "");
  const pick = (kind: Schedule["kind"]) => {
    const next = SCHEDULE_DEFAULTS[kind];
    if (next.kind === "sequence") setStatuses(next.statuses.join(", "));
    onChange(kind === "always" ? undefined : next);
  };
  return (
    <fieldset class="rule-part" data-testid="rule-schedule">
      <legend>Schedule</legend>
      <select
        value={s.kind}
        onChange={(e) => pick(e.currentTarget.value as Schedule["kind"])}
        data-testid="rule-schedule-kind"
      >
        <option value="always">always</option>
        <option value="first">the first n attempts of each event</option>
        <option value="every">every n-th delivery</option>
        <option value="sequence">a status per attempt</option>
        <option value="probability">by chance</option>
      </select>{" "}
      {(s.kind === "first" || s.kind === "every") && (
        <label>
          n{" "}
          <input
            type="number"
            min={1}
            value={shown(s.n)}
            onInput={(e) => onChange({ kind: s.kind, n: num(e.currentTarget.value) ?? Number.NaN })}
            data-testid="rule-schedule-n"
          />
        </label>
      )}
      {s.kind === "sequence" && (
        <label>
          statuses{" "}
          <input
            value={statuses}
            placeholder="503, 503, 200"
            onInput={(e) => {
              setStatuses(e.currentTarget.value);
              const list = e.currentTarget.value
                .split(/[\s,]+/)
                .filter(Boolean)
                .map(Number);
              onChange({ kind: "sequence", statuses: list });
            }}
            data-testid="rule-schedule-statuses"
          />
        </label>
      )}
      {s.kind === "probability" && (
        <>
          <label>
            chance %{" "}
            <input
              type="number"
              min={0}
              max={100}
              value={shown(Math.round(s.p * 1000) / 10)}
              onInput={(e) => onChange({ ...s, p: (num(e.currentTarget.value) ?? Number.NaN) / 100 })}
              data-testid="rule-schedule-p"
            />
          </label>{" "}
          <label>
            seed{" "}
            <input
              type="number"
              min={0}
              value={shown(s.seed)}
              placeholder="random"
              onInput={(e) => onChange(withSeed(s.p, num(e.currentTarget.value)))}
            />
          </label>
        </>
      )}
    </fieldset>
  );
}

const withSeed = (p: number, seed: number | undefined): Schedule =>
  seed === undefined ? { kind: "probability", p } : { kind: "probability", p, seed };
