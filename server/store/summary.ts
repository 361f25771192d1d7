// The list-row view of a stored delivery.
import type { DeliveryDetail, DeliverySummary } from "../contract/index.ts";

export function toSummary(d: DeliveryDetail): DeliverySummary {
  const summary: DeliverySummary = {
    id: d.id,
    seq: d.seq,
    receivedAt: d.receivedAt,
    endpoint: d.endpoint,
    method: d.method,
    path: d.path,
    registry: d.registry,
    event: d.event,
    detection: d.detection,
    validity: d.validity,
    issueCount: d.issueCount,
    repository: d.repository,
    tag: d.tag,
    digest: d.digest,
    status: d.status,
    size: d.size,
    clientCert: d.clientCert,
    chain: d.chain,
    replayOf: d.replayOf,
  };
  if (d.note) summary.note = d.note;
  return summary;
}

export function bodyText(d: DeliveryDetail): string {
  return "text" in d.body ? d.body.text : "";
}
