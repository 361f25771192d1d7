import type { DeliverySummary } from "../../server/contract/index.ts";
import { registryLabel, size, statusClass, time } from "../format.ts";
import { Badge } from "./Badge.tsx";

export interface DeliveryRowProps {
  delivery: DeliverySummary;
  selected: boolean;
  picked: boolean;
  top: number;
  onSelect(id: string): void;
  onPick(id: string): void;
}

const VALIDITY_LABEL = {
  valid: "valid",
  invalid: "invalid",
  "unknown-event": "unknown",
  "not-json": "not JSON",
} as const;

/** One row of the delivery list. */
export function DeliveryRow({ delivery: d, selected, picked, top, onSelect, onPick }: DeliveryRowProps) {
  return (
    <div
      class={`row${selected ? " selected" : ""}`}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="delivery-row"
      data-id={d.id}
      aria-current={selected}
      onClick={(e) => (e.shiftKey ? onPick(d.id) : onSelect(d.id))}
    >
      <input
        type="checkbox"
        class="pick"
        title="pick two rows to compare"
        checked={picked}
        onClick={(e) => {
          e.stopPropagation();
          onPick(d.id);
        }}
      />
      <span class="c-time">{time(d.receivedAt)}</span>
      <span class={`c-status ${statusClass(d.status)}`}>{d.status || "—"}</span>
      <span class="c-endpoint">{d.endpoint}</span>
      <span class="c-event">
        <span class={`reg reg-${d.registry ?? "unknown"}`}>{registryLabel(d.registry)}</span>{" "}
        {d.event ?? d.method}
      </span>
      <span class="c-repo">{d.repository ? `${d.repository}${d.tag ? `:${d.tag}` : ""}` : d.path}</span>
      <span class="c-valid">
        <Badge kind={d.validity}>
          {VALIDITY_LABEL[d.validity]}
          {d.issueCount > 0 ? ` (${d.issueCount})` : ""}
        </Badge>
      </span>
      <span class="c-cert">
        <Badge kind={`cert-${d.clientCert.verdict}`} title="client certificate">
          {d.clientCert.verdict}
        </Badge>
      </span>
      <span class="c-attempt">{d.chain ? `#${d.chain.attempt}` : ""}</span>
      <span class="c-replay">{d.replayOf ? "↻" : ""}</span>
      <span class="c-size">{size(d.size)}</span>
    </div>
  );
}
