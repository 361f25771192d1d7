// Grouping retries: with "group retries" on, each attempt chain is one row (its latest attempt)
// that expands to the older attempts. Grouping is over the rows loaded, newest first; the toggle
// lives in the URL (`group=retries`) like the filters.
import { computed, signal } from "@preact/signals";
import type { ChainView, DeliverySummary } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { rows } from "./deliveries.ts";
import { grouped } from "./filters.ts";

/** One line of the list: a delivery, maybe heading its chain's group or inside one. */
export interface ListItem {
  d: DeliverySummary;
  /** Set on the latest attempt of a chain with older attempts loaded. */
  group?: { chainId: string; attempts: number; loaded: number; expanded: boolean };
  /** An older attempt shown under its expanded chain. */
  child?: boolean;
}

/** Chains the user expanded. */
export const expanded = signal<ReadonlySet<string>>(new Set());

export function toggleChain(chainId: string): void {
  const next = new Set(expanded.value);
  if (!next.delete(chainId)) next.add(chainId);
  expanded.value = next;
}

/** Rows by chain, in the order of each chain's newest loaded attempt: one pass over the rows. */
function groupRows(list: readonly DeliverySummary[]): DeliverySummary[][] {
  const groups: DeliverySummary[][] = [];
  const byChain = new Map<string, DeliverySummary[]>();
  for (const d of list) {
    const members = d.chain ? byChain.get(d.chain.id) : undefined;
    if (members) {
      members.push(d);
      continue;
    }
    const group = [d];
    groups.push(group);
    if (d.chain) byChain.set(d.chain.id, group);
  }
  return groups;
}

/**
 * With "group retries" on, what the list shows: one row per chain (plus the attempts of expanded
 * chains); null when off (the list shows `rows` as they are, with no copy of 100,000 entries).
 */
export const listItems = computed<ListItem[] | null>(() => {
  if (!grouped.value) return null;
  const open = expanded.value;
  const items: ListItem[] = [];
  for (const [head, ...older] of groupRows(rows.value)) {
    if (!head) continue;
    if (!head.chain || older.length === 0) {
      items.push({ d: head });
      continue;
    }
    const chainId = head.chain.id;
    const isOpen = open.has(chainId);
    const attempts = Math.max(head.chain.attempt, older.length + 1);
    items.push({ d: head, group: { chainId, attempts, loaded: older.length + 1, expanded: isOpen } });
    if (isOpen) for (const d of older) items.push({ d, child: true });
  }
  return items;
});

/** The deliveries in the order shown, for j/k. */
export const visibleRows = computed(() => listItems.value?.map((i) => i.d) ?? rows.value);

/** Chain outcomes fetched for group rows, by chain id and latest attempt (a new attempt refetches). */
const outcomes = signal<ReadonlyMap<string, ChainView["outcome"]>>(new Map());
const asked = new Set<string>();
/** Outcomes remembered at most: a long session scrolls through many chains. */
const MAX_OUTCOMES = 2_000;

/** The chain's outcome as the server judges it (sender profile), fetched once per attempt. */
export function chainOutcome(chainId: string, attempt: number): ChainView["outcome"] | null {
  const key = `${chainId}@${attempt}`;
  const known = outcomes.value.get(key);
  if (known) return known;
  if (!asked.has(key)) {
    if (asked.size >= MAX_OUTCOMES) asked.clear();
    asked.add(key);
    api.chain(chainId).then(
      (view) => {
        const next = new Map(outcomes.value.size >= MAX_OUTCOMES ? [] : outcomes.value);
        next.set(key, view.outcome);
        outcomes.value = next;
      },
      () => {},
    );
  }
  return null;
}
