import { useEffect, useState } from "preact/hooks";
import type { DeliveryDetail, ReplayResult } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { deliveryTitle } from "../format.ts";
import { Dialog } from "./Dialog.tsx";
import { JsonEditor } from "./JsonEditor.tsx";

export interface ReplayDialogProps {
  delivery: DeliveryDetail;
  onClose(): void;
  onDone(result: ReplayResult): void;
}

/** Where the last replay went, offered again next time (a local dev server is usually the same). */
const LAST_TARGET_KEY = "quayside.replay.target";
/** The body editor grows with the body up to this many rows, then scrolls. */
const MAX_BODY_ROWS = 30;
const MIN_BODY_ROWS = 4;

function lastTarget(): string {
  try {
    return localStorage.getItem(LAST_TARGET_KEY) || "self";
  } catch {
    return "self"; // storage disabled: start from self
  }
}

function rememberTarget(target: string): void {
  try {
    localStorage.setItem(LAST_TARGET_KEY, target);
  } catch {
    // storage disabled or full: the next dialog starts from self
  }
}

/** Rows for a textarea holding `text`: one per line, within bounds. */
const rowsFor = (text: string) =>
  Math.min(MAX_BODY_ROWS, Math.max(MIN_BODY_ROWS, text.split("\n").length + 1));

const isJsonText = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** "Name: value" lines as headers; lines without a name are left out. */
function headerLines(text: string): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const at = line.indexOf(":");
    if (at > 0) extra[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return extra;
}

/** The body to send: the event's JSON in a schema-aware editor, else text (binary is sent as received). */
function ReplayBody(props: {
  d: DeliveryDetail;
  original: string;
  body: string;
  asJson: boolean;
  onChange(body: string): void;
}) {
  const { d, original, body, asJson, onChange } = props;
  const schema = useEventSchema(d);
  if (asJson) {
    return (
      <div class="field">
        <span>Body (JSON; completion and checks from the event's schema)</span>
        <JsonEditor
          doc={original}
          schema={schema}
          onChange={onChange}
          testId="replay-body"
          class="replay-json"
          label="Replay body"
        />
      </div>
    );
  }
  return (
    <label>
      Body {"base64" in d.body ? "(binary: sent as received)" : ""}
      <textarea
        class="wide"
        rows={rowsFor(body)}
        value={body}
        disabled={"base64" in d.body}
        onInput={(e) => onChange(e.currentTarget.value)}
        data-testid="replay-body"
      />
    </label>
  );
}

/** The answer of the last replay (or the network error in words), with "Replay again". */
function ReplayOutcome({ result, busy, again }: { result: ReplayResult; busy: boolean; again(): void }) {
  return (
    <p data-testid="replay-result">
      {result.error ? (
        <span class="error">{result.error.message}</span>
      ) : (
        <>
          Answered {result.status} in {result.durationMs} ms
        </>
      )}{" "}
      <button type="button" disabled={busy} onClick={again} data-testid="replay-again">
        Replay again
      </button>
    </p>
  );
}

/** The event's JSON Schema from the catalog (null: unknown event or none), for the body editor. */
function useEventSchema(d: DeliveryDetail): unknown {
  const [schema, setSchema] = useState<unknown>(null);
  useEffect(() => {
    if (!d.registry || !d.event) return;
    let live = true;
    api.catalogEntry(encodeURIComponent(d.registry), encodeURIComponent(d.event)).then(
      (entry) => live && setSchema(entry.schema ?? null),
      () => {}, // no schema: the editor still checks the JSON syntax
    );
    return () => {
      live = false;
    };
  }, [d.registry, d.event]);
  return schema;
}

/** Replay to Quayside itself or to any http(s) URL, optionally with an edited body and headers. */
export function ReplayDialog({ delivery: d, onClose, onDone }: ReplayDialogProps) {
  const original = "text" in d.body ? d.body.text : "";
  const [target, setTarget] = useState(lastTarget);
  const [body, setBody] = useState(original);
  const [headers, setHeaders] = useState("");
  const [clientCert, setClientCert] = useState<"quayside" | "none">(
    d.clientCert.presented ? "quayside" : "none",
  );
  const [result, setResult] = useState<ReplayResult | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [asJson] = useState(() => "text" in d.body && isJsonText(original));

  const submit = async (e?: Event) => {
    e?.preventDefault();
    setError("");
    rememberTarget(target);
    const extra = headerLines(headers);
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
    <Dialog title={`Replay ${deliveryTitle(d)}`} onClose={onClose} testId="replay-dialog">
      <form onSubmit={submit} class="form replay-form">
        <label>
          Target
          <input
            class="wide"
            value={target}
            onInput={(e) => setTarget(e.currentTarget.value)}
            placeholder="self or http://localhost:3000/hook"
            data-testid="replay-target"
          />
        </label>
        <ReplayBody d={d} original={original} body={body} asJson={asJson} onChange={setBody} />
        <label>
          Extra or replaced headers (Name: value per line)
          <textarea
            class="wide"
            rows={Math.max(2, Math.min(8, headers.split("\n").length + 1))}
            value={headers}
            placeholder="Authorization: Bearer …"
            onInput={(e) => setHeaders(e.currentTarget.value)}
            data-testid="replay-headers"
          />
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
      {result && <ReplayOutcome result={result} busy={busy} again={() => void submit()} />}
    </Dialog>
  );
}
