// The list row's cells that say more than one value: registry, event (with its media kind),
// signature and attempt (with the chain toggle when retries are grouped).
import type { DeliverySummary } from "../../server/contract/index.ts";
import { DETECTION_LABEL, registryLabel } from "../format.ts";
import { SIG_LABEL, SIG_TITLE } from "../signature.ts";
import type { ListItem } from "../state/groups.ts";
import { Badge } from "./Badge.tsx";
import { ChainToggle } from "./ChainToggle.tsx";

export interface CellProps {
  d: DeliverySummary;
}

export function RegistryCell({ d }: CellProps) {
  return (
    <span class="c-registry">
      {d.registry ? (
        // the name in full on hover: the column is narrow ("Azure Container Registry" does not fit)
        <span
          class={`reg reg-${d.registry}`}
          title={`${registryLabel(d.registry)}: ${DETECTION_LABEL[d.detection]}`}
        >
          {registryLabel(d.registry)}
        </span>
      ) : (
        <span class="muted" title="no registry recognised">
          —
        </span>
      )}
    </span>
  );
}

/** The event (or the path when none was recognised), led by what it is about: "blob push". */
export function EventCell({ d }: CellProps) {
  return (
    <span
      class={`c-event${d.event ? "" : " muted"}`}
      title={d.event ? `${d.event}${d.kind ? ` (a ${d.kind})` : ""}` : `no known event: ${d.path}`}
    >
      {d.kind ? (
        <span class={`kind kind-${d.kind}`} data-testid="row-kind">
          {d.kind}
        </span>
      ) : null}
      {d.event ?? d.path}
    </span>
  );
}

export function SigCell({ d }: CellProps) {
  return (
    <span class="c-sig" data-testid="row-sig">
      {d.sig ? (
        <Badge kind={`sig-${d.sig}`} title={SIG_TITLE[d.sig]}>
          {SIG_LABEL[d.sig]}
        </Badge>
      ) : (
        <span class="muted" title="the endpoint has no secret: nothing was checked">
          —
        </span>
      )}
    </span>
  );
}

export interface AttemptCellProps extends CellProps {
  group?: ListItem["group"] | undefined;
  child?: boolean | undefined;
  onToggle?: ((chainId: string) => void) | undefined;
}

/** The attempt number; the chain's toggle on a grouped chain's row; "└ n" under an expanded one. */
export function AttemptCell({ d, group, child, onToggle }: AttemptCellProps) {
  return (
    <span class="c-attempt" title={d.chain ? `attempt ${d.chain.attempt} of this event's chain` : undefined}>
      {group && d.chain ? (
        <ChainToggle group={group} latestAttempt={d.chain.attempt} onToggle={onToggle ?? (() => {})} />
      ) : d.chain ? (
        `${child ? "└ " : ""}${d.chain.attempt}`
      ) : (
        ""
      )}
    </span>
  );
}
