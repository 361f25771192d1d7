import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from "@tanstack/virtual-core";
import { useEffect, useLayoutEffect, useReducer, useRef } from "preact/hooks";
import type { DeliverySummary } from "../../server/contract/index.ts";
import { grouped } from "../state/filters.ts";
import { type ListItem, listItems, toggleChain } from "../state/groups.ts";
import { DeliveryRow } from "./DeliveryRow.tsx";
import { ListHead } from "./ListHead.tsx";
import { ListStatus } from "./ListStatus.tsx";

export const ROW_HEIGHT = 30;

export interface DeliveryListProps {
  /** Every loaded row (the list shows them, or one per chain with "group retries" on). */
  rows: DeliverySummary[];
  selectedId: string | null;
  picked: string[];
  onSelect(id: string): void;
  onPick(id: string): void;
  onNearEnd(): void;
}

/** What the list shows: the rows as loaded, or (grouping on) the chain items. */
function shownOf(items: ListItem[] | null, rows: DeliverySummary[]) {
  return {
    length: items ? items.length : rows.length,
    /** The delivery at a position of what is shown (and its group, with grouping on). */
    at(i: number): ListItem | undefined {
      if (items) return items[i];
      const d = rows[i];
      return d ? { d } : undefined;
    },
    indexOf: (id: string) =>
      items ? items.findIndex((r) => r.d.id === id) : rows.findIndex((r) => r.id === id),
  };
}

/** The virtualized delivery list (@tanstack/virtual-core): only visible rows are in the DOM. */
export function DeliveryList({ rows, selectedId, picked, onSelect, onPick, onNearEnd }: DeliveryListProps) {
  const items = listItems.value;
  const { length, at, indexOf } = shownOf(items, rows);
  const scroller = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const virtualizer = useRef<Virtualizer<HTMLDivElement, Element> | null>(null);
  const firstId = useRef<string | null>(null);
  const count = useRef(0);

  virtualizer.current ??= new Virtualizer<HTMLDivElement, Element>({
    count: length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    onChange: () => rerender(0),
  });
  const v = virtualizer.current;
  v.setOptions({ ...v.options, count: length });

  useEffect(() => v._didMount(), [v]);
  useLayoutEffect(() => {
    v._willUpdate();
    // Rows prepended live must not move what the reader is looking at.
    const el = scroller.current;
    const prevFirst = firstId.current;
    if (el && prevFirst && at(0)?.d.id !== prevFirst && el.scrollTop > 0) {
      const shift = indexOf(prevFirst);
      if (shift > 0) el.scrollTop += shift * ROW_HEIGHT;
    }
    firstId.current = at(0)?.d.id ?? null;
    count.current = length;
  });

  const shown = v.getVirtualItems();
  const last = shown.at(-1);
  useEffect(() => {
    if (last && last.index >= length - 20) onNearEnd();
  }, [last?.index, length]);

  useEffect(() => {
    if (!selectedId) return;
    const index = indexOf(selectedId);
    if (index >= 0) v.scrollToIndex(index, { align: "auto" });
  }, [selectedId]);

  return (
    <>
      <ListStatus />
      <ListHead count={rows.length} />
      <div class={`list${grouped.value ? " grouped" : ""}`} ref={scroller} data-testid="delivery-list">
        <div style={{ height: `${v.getTotalSize()}px`, position: "relative" }}>
          {shown.map((row) => {
            const item = at(row.index);
            if (!item) return null;
            const { d } = item;
            return (
              <DeliveryRow
                key={d.id}
                delivery={d}
                group={item.group}
                child={item.child}
                onToggle={toggleChain}
                top={row.start}
                selected={d.id === selectedId}
                picked={picked.includes(d.id)}
                onSelect={onSelect}
                onPick={onPick}
              />
            );
          })}
        </div>
      </div>
    </>
  );
}
