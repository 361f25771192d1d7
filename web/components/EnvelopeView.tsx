import type { ValidationIssue } from "../../server/contract/index.ts";
import { PUBSUB_DATA_POINTER, type WebEnvelope } from "../envelopes.ts";
import { JsonView } from "./JsonView.tsx";

export interface EnvelopeViewProps {
  envelope: WebEnvelope;
  /** The whole parsed body, shown as a tree when the inner event cannot be. */
  body: unknown;
  issues: ValidationIssue[];
}

const KIND_WORDS: Record<WebEnvelope["kind"], string> = {
  "pubsub-push": "Pub/Sub push envelope",
  eventbridge: "EventBridge event",
  "cloudevents-binary": "CloudEvents attributes (Ce-* headers)",
};

/** Rows of name → value; values are text nodes in <code>, which wraps long ids. */
function Facts({ rows }: { rows: [string, string | null][] }) {
  return (
    <table class="kv envelope-facts" data-testid="envelope-facts">
      <tbody>
        {rows
          .filter((r): r is [string, string] => r[1] !== null)
          .map(([k, v]) => (
            <tr key={k} data-name={k}>
              <th>{k}</th>
              <td>
                <code>{v}</code>
              </td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

/** Both layers of a wrapped event: the sender's envelope facts, then the registry's event as a tree. */
export function EnvelopeView({ envelope: e, body, issues }: EnvelopeViewProps) {
  let facts: [string, string | null][];
  let tree = <JsonView value={body} issues={issues} />;
  let innerTitle = "Event";
  if (e.kind === "pubsub-push") {
    facts = [
      ["message id", e.messageId],
      ["publish time", e.publishTime],
      ["subscription", e.subscription],
      ...e.attributes.map(([k, v]): [string, string] => [`attribute ${k}`, v]),
    ];
    innerTitle = e.inner.ok ? "Event (message.data, decoded)" : `Envelope (${e.inner.reason})`;
    if (e.inner.ok) tree = <JsonView value={e.inner.value} issues={issues} base={PUBSUB_DATA_POINTER} />;
  } else if (e.kind === "eventbridge") {
    facts = [
      ["detail-type", e.detailType],
      ["source", e.source],
      ["time", e.time],
    ];
    innerTitle = "Event (detail)";
    tree = <JsonView value={e.detail} issues={issues} base="/detail" />;
  } else {
    facts = e.attributes;
    innerTitle = "Event (the body is the CloudEvents data)";
  }
  return (
    <div class="envelope" data-testid="envelope" data-kind={e.kind}>
      <h4 class="envelope-title">{KIND_WORDS[e.kind]}</h4>
      <Facts rows={facts} />
      <h4 class="envelope-title">{innerTitle}</h4>
      {tree}
    </div>
  );
}
