import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Rule } from "../../server/contract/index.ts";
import { describeRule } from "../rule-words.ts";
import { AnswerFields } from "./RuleAnswer.tsx";
import { ScheduleFields, WhenFields } from "./RuleFields.tsx";

/** What "Add rule" starts from: the commonest test, a 503 to every delivery. */
const NEW_RULE: Rule = { respond: { status: 503 } };

export interface RulesFormProps {
  rules: Rule[];
  onChange(rules: Rule[]): void;
}

/** Moves item `from` to `to` in a copy of `list`. */
function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const out = list.slice();
  const [item] = out.splice(from, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}

/**
 * The ordered rules as a form, one card per rule (first match wins). Each card keeps a stable
 * key across moves so half-typed fields travel with their rule; Alt+↑ / Alt+↓ anywhere in a card
 * move it, and the focus goes to its handle so the keys can be pressed again.
 */
export function RulesForm({ rules, onChange }: RulesFormProps) {
  const next = useRef(0);
  const newId = () => next.current++;
  const [ids, setIds] = useState<number[]>(() => rules.map(newId));
  // The card to focus once the parent has rendered the rules we gave it: the ids (ours) and the
  // rules (the parent's) arrive in separate renders, and moving a focused node in between blurs it.
  const pending = useRef<{ id: number; rules: Rule[] } | null>(null);
  const cards = useRef(new Map<number, HTMLElement>());
  useLayoutEffect(() => {
    const want = pending.current;
    if (!want || want.rules !== rules) return;
    pending.current = null;
    cards.current.get(want.id)?.focus();
  });
  const change = (next: Rule[], focusId?: number) => {
    if (focusId !== undefined) pending.current = { id: focusId, rules: next };
    onChange(next);
  };

  const move = (from: number, to: number) => {
    if (to < 0 || to >= rules.length) return;
    setIds(moved(ids, from, to));
    change(moved(rules, from, to), ids[from]);
  };
  const remove = (i: number) => {
    setIds(ids.filter((_, j) => j !== i));
    onChange(rules.filter((_, j) => j !== i));
  };
  const add = () => {
    const id = newId();
    setIds([...ids, id]);
    change([...rules, NEW_RULE], id);
  };
  const update = (i: number, rule: Rule) => onChange(rules.map((r, j) => (j === i ? rule : r)));

  return (
    <div class="rules-form" data-testid="rules-form">
      {rules.length === 0 && <p class="muted">No rules: every delivery gets 200.</p>}
      <ol class="rule-cards">
        {rules.map((rule, i) => {
          const id = ids[i] ?? -1 - i;
          return (
            <RuleCard
              key={id}
              rule={rule}
              index={i}
              count={rules.length}
              handle={(el) => {
                if (el) cards.current.set(id, el);
                else cards.current.delete(id);
              }}
              onMove={(to) => move(i, to)}
              onRemove={() => remove(i)}
              onChange={(r) => update(i, r)}
            />
          );
        })}
      </ol>
      <button type="button" onClick={add} data-testid="rule-add">
        Add rule
      </button>
      <p class="small muted">Alt+↑ / Alt+↓ on a rule moves it.</p>
    </div>
  );
}

interface RuleCardProps {
  rule: Rule;
  index: number;
  count: number;
  /** Receives the handle button, which takes the focus after a move. */
  handle(el: HTMLButtonElement | null): void;
  onMove(to: number): void;
  onRemove(): void;
  onChange(rule: Rule): void;
}

/** One rule: its handle, its words, move/remove buttons, then when / schedule / answer. */
function RuleCard({ rule, index: i, count, handle, onMove, onRemove, onChange }: RuleCardProps) {
  return (
    <li
      class="rule-card"
      data-testid="rule-card"
      data-index={i}
      onKeyDown={(e) => {
        if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
        e.preventDefault();
        onMove(e.key === "ArrowUp" ? i - 1 : i + 1);
      }}
    >
      <header class="rule-head">
        <button
          type="button"
          class="rule-handle"
          title="Alt+↑ / Alt+↓ moves this rule"
          aria-label={`rule ${i + 1}: ${describeRule(rule)}; Alt+Up or Alt+Down moves it`}
          data-testid="rule-handle"
          ref={handle}
        >
          Rule {i + 1}
        </button>{" "}
        <span data-testid="rule-words">{describeRule(rule)}</span>
        <RuleTools index={i} count={count} onMove={onMove} onRemove={onRemove} />
      </header>
      <WhenFields when={rule.when} onChange={(when) => onChange(withPart(rule, "when", when))} />
      <ScheduleFields
        schedule={rule.schedule}
        onChange={(schedule) => onChange(withPart(rule, "schedule", schedule))}
      />
      <AnswerFields
        respond={rule.respond}
        sequence={rule.schedule?.kind === "sequence"}
        onChange={(respond) => onChange({ ...rule, respond })}
      />
    </li>
  );
}

type RuleToolsProps = Pick<RuleCardProps, "index" | "count" | "onMove" | "onRemove">;

/** Move up, move down, remove. */
function RuleTools({ index: i, count, onMove, onRemove }: RuleToolsProps) {
  return (
    <span class="rule-tools">
      <button
        type="button"
        disabled={i === 0}
        aria-label={`move rule ${i + 1} up`}
        onClick={() => onMove(i - 1)}
        data-testid="rule-up"
      >
        ↑
      </button>
      <button
        type="button"
        disabled={i === count - 1}
        aria-label={`move rule ${i + 1} down`}
        onClick={() => onMove(i + 1)}
        data-testid="rule-down"
      >
        ↓
      </button>
      <button type="button" aria-label={`remove rule ${i + 1}`} onClick={onRemove} data-testid="rule-remove">
        Remove
      </button>
    </span>
  );
}

/** The rule with an optional part set, or removed when undefined (so the JSON stays minimal). */
function withPart<K extends "when" | "schedule">(rule: Rule, key: K, value: Rule[K]): Rule {
  const out = { ...rule };
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out;
}
