import { useEffect, useRef, useState } from "preact/hooks";

export interface ExportMenuProps {
  id: string;
}

const FORMATS: [format: string, label: string][] = [
  ["json", "JSON record"],
  ["raw", "raw HTTP request"],
  ["md", "Markdown"],
  ["curl", "curl command"],
  ["fixture", "test fixture"],
  ["har", "HAR"],
];

/**
 * Export as a popover list under its button: opening it never reflows the detail header (the
 * list is positioned over the pane, aligned to the button's right edge so it stays inside).
 */
export function ExportMenu({ id }: ExportMenuProps) {
  const [open, setOpen] = useState(false);
  const [redact, setRedact] = useState(true);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    // Esc closes the menu only, not the detail pane behind it (capture phase, before the page keys)
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.stopPropagation();
      setOpen(false);
    };
    document.addEventListener("pointerdown", onDown);
    window.addEventListener("keydown", onKey, true);
    return () => {
      document.removeEventListener("pointerdown", onDown);
      window.removeEventListener("keydown", onKey, true);
    };
  }, [open]);
  return (
    <div class="export" ref={root}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="export-button"
      >
        Export ▾
      </button>
      {open && (
        <div class="menu" role="menu" data-testid="export-menu">
          <label class="menu-option">
            <input type="checkbox" checked={redact} onChange={() => setRedact(!redact)} /> redact hosts and
            secrets
          </label>
          {FORMATS.map(([format, label]) => (
            <a
              key={format}
              role="menuitem"
              href={`/api/deliveries/${id}/export?format=${format}&redact=${redact}&download=1`}
              onClick={() => setOpen(false)}
            >
              {label}
            </a>
          ))}
        </div>
      )}
    </div>
  );
}
