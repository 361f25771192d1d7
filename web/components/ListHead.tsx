/** The delivery list's column headings, on the same grid as DeliveryRow (styles.css `.cols`). */
export interface ListHeadProps {
  /** How many rows the list holds, for the pick column's title. */
  count: number;
}

const HEADINGS: [cls: string, label: string, title: string][] = [
  ["c-time", "time", "when the delivery arrived (local time)"],
  ["c-method", "method", "HTTP method"],
  ["c-status", "status", "what Quayside answered"],
  ["c-endpoint", "endpoint", "the endpoint the registry posted to"],
  ["c-registry", "registry", "the registry that sent it"],
  ["c-event", "event", "the event, or the path when no event was recognised"],
  ["c-repo", "repository:tag", "the repository and tag the event is about"],
  ["c-valid", "validity", "whether the body matches the event's schema"],
  ["c-cert", "certificate", "the client certificate's verdict"],
  ["c-sig", "signature", "the signature checked against the endpoint's secret"],
  ["c-attempt", "attempt", "which attempt of the event's delivery chain"],
  ["c-replay", "↻", "a replay of another delivery"],
  ["c-size", "size", "body size"],
];

export function ListHead({ count }: ListHeadProps) {
  return (
    <div class="list-head cols" data-testid="list-head" role="presentation">
      <span class="c-pick" title={`pick two of ${count} rows to compare`} />
      {HEADINGS.map(([cls, label, title]) => (
        <span key={cls} class={cls} title={title}>
          {label}
        </span>
      ))}
    </div>
  );
}
