import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ComponentChildren;
  testId?: string;
}

/** A modal panel; Esc or the close button dismiss it. */
export function Dialog({ title, onClose, children, testId }: DialogProps) {
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    // Esc closes the topmost dialog only (capture phase, before the page's own keys)
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.stopPropagation();
      close.current();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);
  return (
    <div class="backdrop" onClick={onClose}>
      <div
        class="dialog"
        role="dialog"
        aria-label={title}
        data-testid={testId}
        onClick={(e) => e.stopPropagation()}
      >
        <header>
          <h2>{title}</h2>
          <button type="button" class="close" onClick={onClose} aria-label="close">
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
