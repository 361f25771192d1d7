import type { DeliverySummary } from "../../server/contract/index.ts";
import { fullDate } from "../dates.ts";
import {
  CERT_TITLE,
  clock,
  plural,
  repoTag,
  size,
  statusClass,
  statusText,
  statusTitle,
  VALIDITY_LABEL,
  validityTitle,
} from "../format.ts";
import type { ListItem } from "../state/groups.ts";
import { Badge } from "./Badge.tsx";
import { AttemptCell, EventCell, RegistryCell, SigCell } from "./RowCells.tsx";

export interface DeliveryRowProps {
  delivery: DeliverySummary;
  selected: boolean;
  picked: boolean;
  top: number;
  /** Heads its chain's group ("group retries" on). */
  group?: ListItem["group"];
  /** An older attempt under its expanded chain. */
  child?: boolean;
  onToggle?(chainId: string): void;
  onSelect(id: string): void;
  onPick(id: string): void;
}

/** One row of the delivery list; its cells line up with ListHead's columns (styles.css `.cols`). */
export function DeliveryRow(props: DeliveryRowProps) {
  const { delivery: d, selected, picked, top, onSelect, onPick } = props;
  const t = clock(d.receivedAt);
  const repo = repoTag(d);
  return (
    <div
      class={`row cols${selected ? " selected" : ""}${props.child ? " attempt-row" : ""}`}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="delivery-row"
      data-id={d.id}
      aria-current={selected}
      onClick={(e) => (e.shiftKey ? onPick(d.id) : onSelect(d.id))}
    >
      <span class="c-pick">
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
      </span>
      <span class="c-time" title={fullDate(d.receivedAt)}>
        {t.hms}
        <span class="ms">{t.ms}</span>
      </span>
      <span class="c-method">{d.method}</span>
      <span class={`c-status ${statusClass(d.status)}`} title={statusTitle(d)}>
        {statusText(d)}
      </span>
      <span class="c-endpoint" title={`endpoint ${d.endpoint}`}>
        {d.endpoint}
      </span>
      <RegistryCell d={d} />
      <EventCell d={d} />
      <span class="c-repo" title={repo || undefined}>
        {repo}
      </span>
      <span class="c-valid">
        <Badge kind={d.validity} title={validityTitle(d)}>
          {VALIDITY_LABEL[d.validity]}
          {d.validity === "invalid" && d.issueCount > 0 ? ` (${d.issueCount})` : ""}
        </Badge>
      </span>
      <span class="c-cert">
        <Badge kind={`cert-${d.clientCert.verdict}`} title={CERT_TITLE[d.clientCert.verdict]}>
          {d.clientCert.verdict}
        </Badge>
      </span>
      <SigCell d={d} />
      <AttemptCell d={d} group={props.group} child={props.child} onToggle={props.onToggle} />
      <span class="c-replay" title={d.replayOf ? `a replay of ${d.replayOf}` : undefined}>
        {d.replayOf ? "↻" : ""}
      </span>
      <span class="c-size" title={plural(d.size, "byte")}>
        {size(d.size)}
      </span>
    </div>
  );
}
