import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { copy } from "../format.ts";

export interface CopyButtonProps {
  text: string;
  /** What is copied, for the button's title ("copy the HTTPS URL"). */
  what: string;
  children?: ComponentChildren;
  class?: string;
  testId?: string;
}

/** How long "Copied" stays before the label comes back. */
const CONFIRM_MS = 1500;

/** A copy button that says "Copied" (or that the browser refused) where the user clicked. */
export function CopyButton({ text, what, children, class: cls, testId }: CopyButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), CONFIRM_MS);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button
      type="button"
      class={`copy${cls ? ` ${cls}` : ""}${state === "idle" ? "" : ` copy-${state}`}`}
      title={`copy ${what}`}
      data-testid={testId}
      onClick={async (e) => {
        e.stopPropagation();
        setState((await copy(text)) ? "copied" : "failed");
      }}
    >
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select it" : (children ?? "Copy")}
      <span class="sr-only" aria-live="polite">
        {state === "copied" ? ` ${what} copied` : ""}
      </span>
    </button>
  );
}
