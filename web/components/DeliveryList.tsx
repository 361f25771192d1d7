import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from "@tanstack/virtual-core";
import { useEffect, useLayoutEffect, useReducer, useRef } from "preact/hooks";
import type { DeliverySummary } from "../../server/contract/index.ts";
import { grouped, setGrouped } from "../state/filters.ts";
import { listItems, toggleChain } from "../state/groups.ts";
import { DeliveryRow } from "./DeliveryRow.tsx";
import { ListCount } from "./ListCount.tsx";
import { ListHead } from "./ListHead.tsx";

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

/** The status line's toggle: one row per attempt chain. */
function GroupToggle() {
  return (
    <label
      class="group-toggle"
      title="show each retried event as one row: its latest attempt, ×attempts and outcome"
    >
      <input
        type="checkbox"
        checked={grouped.value}
        onChange={(e) => setGrouped(e.currentTarget.checked)}
        data-testid="group-retries"
      />
      group retries
    </label>
  );
}

/** The virtualized delivery list (@tanstack/virtual-core): only visible rows are in the DOM. */
export function DeliveryList({ rows, selectedId, picked, onSelect, onPick, onNearEnd }: DeliveryListProps) {
  const items = listItems.value;
  const scroller = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const virtualizer = useRef<Virtualizer<HTMLDivElement, Element> | null>(null);
  const firstId = useRef<string | null>(null);
  const count = useRef(0);

  virtualizer.current ??= new Virtualizer<HTMLDivElement, Element>({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    onChange: () => rerender(0),
  });
  const v = virtualizer.current;
  v.setOptions({ ...v.options, count: items.length });

  useEffect(() => v._didMount(), [v]);
  useLayoutEffect(() => {
    v._willUpdate();
    // Rows prepended live must not move what the reader is looking at.
    const el = scroller.current;
    const prevFirst = firstId.current;
    if (el && prevFirst && items[0]?.d.id !== prevFirst && el.scrollTop > 0) {
      const shift = items.findIndex((r) => r.d.id === prevFirst);
      if (shift > 0) el.scrollTop += shift * ROW_HEIGHT;
    }
    firstId.current = items[0]?.d.id ?? null;
    count.current = items.length;
  });

  const shown = v.getVirtualItems();
  const last = shown.at(-1);
  useEffect(() => {
    if (last && last.index >= items.length - 20) onNearEnd();
  }, [last?.index, items.length]);

  useEffect(() => {
    if (!selectedId) return;
    const index = items.findIndex((r) => r.d.id === selectedId);
    if (index >= 0) v.scrollToIndex(index, { align: "auto" });
  }, [selectedId]);

  return (
    <>
      <div class="list-status" data-testid="list-status">
        <GroupToggle />
        <ListCount />
      </div>
      <ListHead count={rows.length} />
      <div class={`list${grouped.value ? " grouped" : ""}`} ref={scroller} data-testid="delivery-list">
        <div style={{ height: `${v.getTotalSize()}px`, position: "relative" }}>
          {shown.map((row) => {
            const item = items[row.index];
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
