// Keyboard first: j/k move, Enter opens, / searches, r replays, p pauses, Delete deletes, Esc closes,
// ? helps.
import { useEffect, useRef } from "preact/hooks";

export interface KeyActions {
  move(delta: number): void;
  open(): void;
  search(): void;
  replay(): void;
  pause(): void;
  remove(): void;
  help(): void;
  escape(): void;
}

export function useKeyboard(actions: KeyActions): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = ref.current;
      if (e.key === "Escape") return a.escape();
      const target = e.target as HTMLElement;
      if (target.closest("input, textarea, select") || e.ctrlKey || e.metaKey || e.altKey) return;
      const map: Record<string, () => void> = {
        j: () => a.move(1),
        k: () => a.move(-1),
        Enter: a.open,
        "/": a.search,
        r: a.replay,
        p: a.pause,
        Delete: a.remove,
        "?": a.help,
      };
      const fn = Object.hasOwn(map, e.key) ? map[e.key] : undefined;
      if (!fn) return;
      e.preventDefault();
      fn();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
