import { useState } from "preact/hooks";
import type { DeliveryDetail, ReplayResult } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { Dialog } from "./Dialog.tsx";

export interface ReplayDialogProps {
  delivery: DeliveryDetail;
  onClose(): void;
  onDone(result: ReplayResult): void;
}

/** Replay to Quayside itself or to any http(s) URL, optionally with an edited body and headers. */
export function ReplayDialog({ delivery: d, onClose, onDone }: ReplayDialogProps) {
  const original = "text" in d.body ? d.body.text : "";
  const [target, setTarget] = useState("self");
  const [body, setBody] = useState(original);
  const [headers, setHeaders] = useState("");
  const [clientCert, setClientCert] = useState<"quayside" | "none">(
    d.clientCert.presented ? "quayside" : "none",
  );
  const [result, setResult] = useState<ReplayResult | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError("");
    const extra: Record<string, string> = {};
    for (const line of headers.split("\n")) {
      const at = line.indexOf(":");
      if (at > 0) extra[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    setBusy(true);
    try {
      const r = await api.replay(d.id, {
        target,
        ...(body !== original && "text" in d.body ? { body } : {}),
        ...(Object.keys(extra).length ? { headers: extra } : {}),
        clientCert,
      });
      setResult(r);
      onDone(r);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Replay ${d.id}`} onClose={onClose} testId="replay-dialog">
      <form onSubmit={submit} class="form">
        <label>
          Target
          <input
            value={target}
            onInput={(e) => setTarget(e.currentTarget.value)}
            placeholder="self or http://localhost:3000/hook"
            data-testid="replay-target"
          />
        </label>
        <label>
          Body {"base64" in d.body ? "(binary: sent as received)" : ""}
          <textarea
            rows={10}
            value={body}
            disabled={"base64" in d.body}
            onInput={(e) => setBody(e.currentTarget.value)}
            data-testid="replay-body"
          />
        </label>
        <label>
          Extra or replaced headers (Name: value per line)
          <textarea rows={2} value={headers} onInput={(e) => setHeaders(e.currentTarget.value)} />
        </label>
        <label>
          Client certificate{" "}
          <select
            value={clientCert}
            onChange={(e) => setClientCert(e.currentTarget.value as "quayside" | "none")}
          >
            <option value="quayside">Quayside's client certificate</option>
            <option value="none">none</option>
          </select>
        </label>
        <button type="submit" disabled={busy} data-testid="replay-send">
          {busy ? "Sending…" : "Send"}
        </button>
      </form>
      {error && <p class="error">{error}</p>}
      {result && (
        <p data-testid="replay-result">
          {result.error ? (
            <span class="error">{result.error.message}</span>
          ) : (
            <>
              Answered {result.status} in {result.durationMs} ms
            </>
          )}
        </p>
      )}
    </Dialog>
  );
}
