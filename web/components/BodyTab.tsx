import { useState } from "preact/hooks";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { registryLabel } from "../format.ts";
import { JsonView } from "./JsonView.tsx";

export interface BodyTabProps {
  delivery: DeliveryDetail;
}

/** What arrived: recognised event, validation issues in place, pretty JSON tree or raw text. */
export function BodyTab({ delivery: d }: BodyTabProps) {
  const [raw, setRaw] = useState(false);
  const shown = d.decoded?.body ?? d.body;
  const text = "text" in shown ? shown.text : null;
  let parsed: { ok: true; value: unknown } | { ok: false } = { ok: false };
  if (text !== null && d.validity !== "not-json") {
    try {
      parsed = { ok: true, value: JSON.parse(text) };
    } catch {
      parsed = { ok: false };
    }
  }
  const how =
    d.detection === "guessed" && d.validation.confidence !== undefined
      ? `guessed (${Math.round(d.validation.confidence * 100)}%)`
      : d.detection;
  return (
    <div class="tab-body">
      <p class="summary">
        <strong>{d.event ? `${registryLabel(d.registry)} ${d.event}` : "Unknown event"}</strong> · detection{" "}
        {how} · <span class={`badge badge-${d.validity}`}>{d.validity}</span>
        {d.decoded
          ? ` · decoded from ${d.headers.find(([k]) => k.toLowerCase() === "content-encoding")?.[1] ?? "encoding"}`
          : ""}
        {d.decoded?.error ? ` · ${d.decoded.error}` : ""}
      </p>
      {d.validation.issueTotal !== undefined && (
        <p class="note" data-testid="issues-cut">
          {d.validation.issueTotalAtLeast
            ? `first ${d.validation.issues.length} of at least ${d.validation.issueTotal} issues (a large body is checked only up to its first issue)`
            : `first ${d.validation.issues.length} of ${d.validation.issueTotal} issues`}
        </p>
      )}
      {d.validation.issues.length > 0 && (
        <ul class="issues" data-testid="issues">
          {d.validation.issues.map((i) => (
            <li key={i.pointer + i.keyword}>
              <code>{i.pointer || "/"}</code> {i.message}
            </li>
          ))}
        </ul>
      )}
      <div class="toolbar">
        <label>
          <input type="checkbox" checked={raw} onChange={() => setRaw(!raw)} data-testid="raw-toggle" /> Raw
        </label>
        <a href={`/api/deliveries/${d.id}/raw`} download>
          download body
        </a>
      </div>
      {"base64" in shown ? (
        <div>
          <p class="note">Not UTF-8 text: shown as base64.</p>
          <pre class="raw">{shown.base64}</pre>
        </div>
      ) : raw || !parsed.ok ? (
        <pre class="raw" data-testid="raw-body">
          {text}
        </pre>
      ) : (
        <JsonView value={parsed.value} issues={d.validation.issues} />
      )}
    </div>
  );
}
