import { useEffect, useState } from "preact/hooks";
import { api, type DiffView } from "../api.ts";
import { Dialog } from "./Dialog.tsx";

export interface DiffDialogProps {
  a: string;
  b: string;
  onClose(): void;
}

const show = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v));

/** Structural body diff and header diff of two deliveries, side by side. */
export function DiffDialog({ a, b, onClose }: DiffDialogProps) {
  const [diff, setDiff] = useState<DiffView | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api.diff(a, b).then(setDiff, (e: Error) => setError(e.message));
  }, [a, b]);
  return (
    <Dialog title={`Compare ${a} ↔ ${b}`} onClose={onClose} testId="diff-dialog">
      {error && <p class="error">{error}</p>}
      {diff && (
        <>
          <h3>Body {diff.body.identical ? "(identical)" : ""}</h3>
          <table class="diff">
            <thead>
              <tr>
                <th>path</th>
                <th>{a}</th>
                <th>{b}</th>
              </tr>
            </thead>
            <tbody>
              {diff.body.changes.map((c) => (
                <tr key={c.path + c.op} class={`op-${c.op}`} data-testid="diff-change" data-pointer={c.path}>
                  <td>
                    <code>{c.path || "/"}</code> {c.op}
                  </td>
                  <td class="before">{show(c.before)}</td>
                  <td class="after">{show(c.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Headers {diff.headers.identical ? "(identical)" : ""}</h3>
          <table class="diff">
            <tbody>
              {(["changed", "removed", "added"] as const).flatMap((op) =>
                diff.headers[op].map((c) => (
                  <tr key={op + c.name} class={`op-${op}`}>
                    <td>
                      {c.name} <small>{op}</small>
                    </td>
                    <td class="before">{c.before ?? "—"}</td>
                    <td class="after">{c.after ?? "—"}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </>
      )}
    </Dialog>
  );
}
