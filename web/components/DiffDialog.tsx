import { useEffect, useState } from "preact/hooks";
import type { DeliveryDetail, DeliveryDiff } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { registryLabel, repoTag, time } from "../format.ts";
import { Dialog } from "./Dialog.tsx";

export interface DiffDialogProps {
  a: string;
  b: string;
  onClose(): void;
}

const show = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v));

/** A column heading: when it arrived and what it is; the id last, small. */
function Side({ d, label }: { d: DeliveryDetail; label: string }) {
  return (
    <th class="diff-side" data-testid="diff-side">
      <span class="small">{label}</span> <span class="diff-time">{time(d.receivedAt)}</span>
      <br />
      {d.event ? `${registryLabel(d.registry)} ${d.event}` : `${d.method} ${d.path}`}
      {repoTag(d) ? ` ${repoTag(d)}` : ""}
      <br />
      <code class="small token">{d.id}</code>
    </th>
  );
}

/**
 * Structural body diff and header diff of two deliveries, side by side: the older one on the
 * left whatever order they were picked in, so "before → after" reads in time.
 */
export function DiffDialog({ a, b, onClose }: DiffDialogProps) {
  const [pair, setPair] = useState<[DeliveryDetail, DeliveryDetail] | null>(null);
  const [diff, setDiff] = useState<DeliveryDiff | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    (async () => {
      const both = await Promise.all([api.delivery(a), api.delivery(b)]);
      both.sort((x, y) => x.receivedAt.localeCompare(y.receivedAt) || x.seq - y.seq);
      const [older, newer] = both as [DeliveryDetail, DeliveryDetail];
      setPair([older, newer]);
      setDiff(await api.diff(older.id, newer.id));
    })().catch((e: Error) => setError(e.message));
  }, [a, b]);
  const heads = pair && (
    <>
      <Side d={pair[0]} label="older" />
      <Side d={pair[1]} label="newer" />
    </>
  );
  return (
    <Dialog title="Compare two deliveries" onClose={onClose} testId="diff-dialog">
      {error && <p class="error">{error}</p>}
      {diff && pair && (
        <>
          <h3>Body {diff.body.identical ? "(identical)" : ""}</h3>
          <table class="diff">
            <thead>
              <tr>
                <th>field</th>
                {heads}
              </tr>
            </thead>
            <tbody>
              {diff.body.changes.map((c) => (
                <tr key={c.path + c.op} class={`op-${c.op}`} data-testid="diff-change" data-pointer={c.path}>
                  <td>
                    <code>{c.path || "/"}</code> <small class="op">{c.op}</small>
                  </td>
                  <td class="before">{show(c.before)}</td>
                  <td class="after">{show(c.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Headers {diff.headers.identical ? "(identical)" : ""}</h3>
          <table class="diff">
            <thead>
              <tr>
                <th>header</th>
                {heads}
              </tr>
            </thead>
            <tbody>
              {(["changed", "removed", "added"] as const).flatMap((op) =>
                diff.headers[op].map((c) => (
                  <tr key={op + c.name} class={`op-${op}`}>
                    <td>
                      {c.name} <small class="op">{op}</small>
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
