import type { ComponentChildren } from "preact";

export interface BadgeProps {
  kind: string;
  title?: string;
  children: ComponentChildren;
}

/** A small coloured label (validity, certificate verdict, status class). */
export function Badge({ kind, title, children }: BadgeProps) {
  return (
    <span class={`badge badge-${kind}`} title={title}>
      {children}
    </span>
  );
}
