import { useState } from "preact/hooks";
import type { RuleResponse } from "../../server/contract/index.ts";

const num = (v: string): number | undefined => (v.trim() === "" ? undefined : Number(v));
const shown = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "" : String(n));

type StatusAnswer = Extract<RuleResponse, { status: number }>;

/** "Name: value" lines to headers; a line without a colon is still being typed and is left out. */
function parseHeaders(text: string): Record<string, string> | undefined {
  const headers: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const at = line.indexOf(":");
    if (at > 0) headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return Object.keys(headers).length ? headers : undefined;
}

const headerLines = (h: Record<string, string> | undefined) =>
  Object.entries(h ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");

export interface AnswerFieldsProps {
  respond: RuleResponse;
  /** A sequence schedule supplies the status per attempt, so the status field is not shown. */
  sequence: boolean;
  onChange(respond: RuleResponse): void;
}

/** What the rule answers: a status (with delay, body, headers), or hang, or reset. */
export function AnswerFields({ respond, sequence, onChange }: AnswerFieldsProps) {
  const kind = "action" in respond ? respond.action : "status";
  const r: StatusAnswer = "action" in respond ? { status: 503 } : respond;
  const [headers, setHeaders] = useState(headerLines(r.headers));
  const set = (patch: Partial<StatusAnswer>) => {
    const next: StatusAnswer = { ...r, ...patch };
    for (const k of ["headers", "body", "delayMs"] as const)
      if (next[k] === undefined || next[k] === "") delete next[k];
    onChange(next);
  };
  return (
    <fieldset class="rule-part" data-testid="rule-answer">
      <legend>Answer</legend>
      <select
        value={kind}
        onChange={(e) => {
          const v = e.currentTarget.value;
          onChange(v === "hang" || v === "reset" ? { action: v } : r);
        }}
        data-testid="rule-answer-kind"
      >
        <option value="status">a status</option>
        <option value="hang">hang (hold until the sender gives up)</option>
        <option value="reset">reset the connection</option>
      </select>{" "}
      {kind === "status" && (
        <>
          {sequence ? (
            <span class="small muted">status: from the sequence</span>
          ) : (
            <label>
              status{" "}
              <input
                type="number"
                min={100}
                max={599}
                value={shown(r.status)}
                onInput={(e) => set({ status: num(e.currentTarget.value) ?? Number.NaN })}
                data-testid="rule-answer-status"
              />
            </label>
          )}{" "}
          <label>
            delay ms{" "}
            <input
              type="number"
              min={0}
              value={shown(r.delayMs)}
              placeholder="0"
              onInput={(e) => set({ delayMs: num(e.currentTarget.value) })}
              data-testid="rule-answer-delay"
            />
          </label>
          <label class="form">
            body
            <textarea rows={2} value={r.body ?? ""} onInput={(e) => set({ body: e.currentTarget.value })} />
          </label>
          <label class="form">
            headers (one "Name: value" per line)
            <textarea
              rows={2}
              value={headers}
              onInput={(e) => {
                setHeaders(e.currentTarget.value);
                set({ headers: parseHeaders(e.currentTarget.value) });
              }}
            />
          </label>
        </>
      )}
    </fieldset>
  );
}
