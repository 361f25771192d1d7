import type { ComponentChildren } from "preact";

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ComponentChildren;
  testId?: string;
}

/** A modal panel; Esc (handled globally) or the close button dismiss it. */
export function Dialog({ title, onClose, children, testId }: DialogProps) {
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
