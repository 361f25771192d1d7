import { useMemo, useState } from "preact/hooks";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { bodyKind } from "../body-kinds.ts";
import { findEnvelope } from "../envelopes.ts";
import { DETECTION_LABEL, registryLabel } from "../format.ts";
import { reindentJson } from "../json-pretty.ts";
import { NotJsonView } from "./BodyViews.tsx";
import { EnvelopeView } from "./EnvelopeView.tsx";
import { JsonEditor } from "./JsonEditor.tsx";

export interface BodyTabProps {
  delivery: DeliveryDetail;
}

const VALIDITY_WORDS = {
  valid: "matches the schema",
  invalid: "breaks the schema",
  "unknown-event": "event not in the catalog",
  "not-json": "not JSON",
  "not-validated": "not validated (endpoint setting)",
} as const;

const header = (d: DeliveryDetail, name: string) =>
  d.headers.find(([k]) => k.toLowerCase() === name)?.[1] ?? "";

/** A body already laid out on lines is shown as sent; a one-line body gets indented. */
const viewText = (text: string) => (/\n/.test(text.slice(0, 4096)) ? text : reindentJson(text));

/** What arrived: recognised event, validation issues in place, a JSON viewer or raw text. */
export function BodyTab({ delivery: d }: BodyTabProps) {
  const [raw, setRaw] = useState(false);
  const shown = d.decoded?.body ?? d.body;
  const text = "text" in shown ? shown.text : null;
  let parsed: { ok: true; value: unknown } | { ok: false } = { ok: false };
  if (text && d.validity !== "not-json") {
    try {
      parsed = { ok: true, value: JSON.parse(text) };
    } catch {
      parsed = { ok: false };
    }
  }
  const envelope = parsed.ok ? findEnvelope(parsed.value, d.headers) : null;
  const shownJson = useMemo(() => (text !== null && parsed.ok ? viewText(text) : ""), [text, parsed.ok]);
  const contentType = header(d, "content-type");
  const kind = bodyKind(contentType, text, parsed.ok);
  // A body that claims to be JSON and is not is an error; any other non-JSON body is just a fact.
  const claimsJson = /json/i.test(contentType);
  const how =
    d.detection === "guessed" && d.validation.confidence !== undefined
      ? `${DETECTION_LABEL.guessed} (${Math.round(d.validation.confidence * 100)}% sure)`
      : DETECTION_LABEL[d.detection];
  return (
    <div class="tab-body">
      <p class="summary">
        <strong>{d.event ? `${registryLabel(d.registry)} ${d.event}` : "Unrecognised event"}</strong>
        {d.detection === "unknown" ? "" : ` · ${how}`} ·{" "}
        <span class={`badge badge-${d.validity}`}>{VALIDITY_WORDS[d.validity]}</span>
        {d.decoded ? ` · decoded from ${header(d, "content-encoding") || "its encoding"}` : ""}
        {d.decoded?.error ? ` · ${d.decoded.error}` : ""}
      </p>
      {d.validation.issueTotal !== undefined && (
        <p class="note" data-testid="issues-cut">
          {d.validation.issueTotalAtLeast
            ? `first ${d.validation.issues.length} of at least ${d.validation.issueTotal} issues (a large body is checked only up to its first issue)`
            : `first ${d.validation.issues.length} of ${d.validation.issueTotal} issues`}
        </p>
      )}
      {d.validation.issues.length > 0 && (d.validity !== "not-json" || (claimsJson && kind !== "empty")) && (
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
      {raw && text !== null ? (
        <pre class="raw" data-testid="raw-body">
          {text}
        </pre>
      ) : kind === "json" && parsed.ok && envelope ? (
        <EnvelopeView envelope={envelope} body={parsed.value} issues={d.validation.issues} />
      ) : kind === "json" && parsed.ok ? (
        <JsonEditor
          doc={shownJson}
          readOnly
          issues={d.validation.issues}
          testId="json-view"
          class="body-json"
          label="Body (JSON, read-only)"
        />
      ) : (
        <NotJsonView
          delivery={d}
          kind={kind === "json" ? "text" : kind}
          text={text}
          base64={"base64" in shown ? shown.base64 : null}
          contentType={contentType}
        />
      )}
    </div>
  );
}
