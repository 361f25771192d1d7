import { useState } from "preact/hooks";
import type { ValidationIssue } from "../../server/contract/index.ts";
import { copy } from "../format.ts";

export interface JsonViewProps {
  value: unknown;
  issues: ValidationIssue[];
  /** The pointer of this tree's root inside the body (an envelope's inner event: "/detail"). */
  base?: string;
}

/** Children rendered per object/array; the rest is summarised (the Raw view shows everything). */
export const MAX_CHILDREN = 500;

const escapePointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** Issues at `pointer`, plus "required" issues naming a missing child of it. */
function issuesAt(
  issues: ValidationIssue[],
  pointer: string,
  childKeys: Set<string> | null,
): ValidationIssue[] {
  return issues.filter((i) => {
    if (i.pointer === pointer) return true;
    if (!childKeys || !i.pointer.startsWith(`${pointer}/`)) return false;
    const rest = i.pointer.slice(pointer.length + 1);
    return !rest.includes("/") && !childKeys.has(rest);
  });
}

interface NodeProps {
  name: string | null;
  value: unknown;
  pointer: string;
  issues: ValidationIssue[];
  depth: number;
}

function Node({ name, value, pointer, issues, depth }: NodeProps) {
  const [open, setOpen] = useState(depth < 4);
  const isObject = value !== null && typeof value === "object";
  const entries = isObject
    ? Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value)
    : [];
  const childKeys = isObject ? new Set(entries.map(([k]) => escapePointer(k))) : null;
  const here = issuesAt(issues, pointer, childKeys);
  const label =
    name === null ? null : (
      <span class="key" title={`copy pointer ${pointer}`} onClick={() => copy(pointer)}>
        {Array.isArray(value) || !/^\d+$/.test(name) ? JSON.stringify(name) : name}:{" "}
      </span>
    );
  const marks = here.map((i) => (
    <span class="issue" key={i.pointer + i.keyword}>
      ⚠ {i.message}
    </span>
  ));
  const cls = `node${here.length ? " has-issue" : ""}`;
  if (!isObject) {
    return (
      <div class={cls} data-pointer={pointer}>
        {label}
        <span class={`v v-${value === null ? "null" : typeof value}`}>{JSON.stringify(value)}</span>
        {marks}
      </div>
    );
  }
  const [openB, closeB] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return (
    <div class={cls} data-pointer={pointer}>
      <span class="toggle" onClick={() => setOpen(!open)}>
        {open ? "▾" : "▸"}
      </span>
      {label}
      {openB}
      {!open && (
        <span class="more" onClick={() => setOpen(true)}>
          … {entries.length}{" "}
        </span>
      )}
      {marks}
      {open && (
        <div class="children">
          {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
            <Node
              key={k}
              name={k}
              value={v}
              pointer={`${pointer}/${escapePointer(k)}`}
              issues={issues}
              depth={depth + 1}
            />
          ))}
          {entries.length > MAX_CHILDREN && (
            <div class="more">… {entries.length - MAX_CHILDREN} more (see Raw)</div>
          )}
        </div>
      )}
      {closeB}
    </div>
  );
}

/** A collapsible JSON tree; validation issues are marked at the node their pointer names. */
export function JsonView({ value, issues, base = "" }: JsonViewProps) {
  return (
    <div class="json" data-testid="json-view">
      <Node name={null} value={value} pointer={base} issues={issues} depth={0} />
    </div>
  );
}
