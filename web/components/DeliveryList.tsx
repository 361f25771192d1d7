import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from "@tanstack/virtual-core";
import { useEffect, useLayoutEffect, useReducer, useRef } from "preact/hooks";
import type { DeliverySummary } from "../../server/contract/index.ts";
import { DeliveryRow } from "./DeliveryRow.tsx";
import { ListCount } from "./ListCount.tsx";
import { ListHead } from "./ListHead.tsx";

export const ROW_HEIGHT = 30;

export interface DeliveryListProps {
  rows: DeliverySummary[];
  selectedId: string | null;
  picked: string[];
  onSelect(id: string): void;
  onPick(id: string): void;
  onNearEnd(): void;
}

/** The virtualized delivery list (@tanstack/virtual-core): only visible rows are in the DOM. */
export function DeliveryList({ rows, selectedId, picked, onSelect, onPick, onNearEnd }: DeliveryListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const virtualizer = useRef<Virtualizer<HTMLDivElement, Element> | null>(null);
  const firstId = useRef<string | null>(null);
  const count = useRef(0);

  virtualizer.current ??= new Virtualizer<HTMLDivElement, Element>({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    onChange: () => rerender(0),
  });
  const v = virtualizer.current;
  v.setOptions({ ...v.options, count: rows.length });

  useEffect(() => v._didMount(), [v]);
  useLayoutEffect(() => {
    v._willUpdate();
    // Rows prepended live must not move what the reader is looking at.
    const el = scroller.current;
    const prevFirst = firstId.current;
    if (el && prevFirst && rows[0]?.id !== prevFirst && el.scrollTop > 0) {
      const shift = rows.findIndex((r) => r.id === prevFirst);
      if (shift > 0) el.scrollTop += shift * ROW_HEIGHT;
    }
    firstId.current = rows[0]?.id ?? null;
    count.current = rows.length;
  });

  const items = v.getVirtualItems();
  const last = items.at(-1);
  useEffect(() => {
    if (last && last.index >= rows.length - 20) onNearEnd();
  }, [last?.index, rows.length]);

  useEffect(() => {
    if (!selectedId) return;
    const index = rows.findIndex((r) => r.id === selectedId);
    if (index >= 0) v.scrollToIndex(index, { align: "auto" });
  }, [selectedId]);

  return (
    <>
      <div class="list-status" data-testid="list-status">
        <ListCount />
      </div>
      <ListHead count={rows.length} />
      <div class="list" ref={scroller} data-testid="delivery-list">
        <div style={{ height: `${v.getTotalSize()}px`, position: "relative" }}>
          {items.map((item) => {
            const d = rows[item.index];
            if (!d) return null;
            return (
              <DeliveryRow
                key={d.id}
                delivery={d}
                top={item.start}
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
