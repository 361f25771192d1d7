import type { DeliveryDetail } from "../../server/contract/index.ts";
import { HeaderTable } from "./HeaderTable.tsx";

export interface ResponseTabProps {
  delivery: DeliveryDetail;
}

const RULE_LABEL = (rule: DeliveryDetail["response"]["rule"]) =>
  rule === null
    ? "default answer"
    : rule === "query"
      ? "URL override"
      : rule === "policy"
        ? "endpoint policy"
        : rule === "limit"
          ? "body limit"
          : rule === "proxy"
            ? "proxied from the forward target"
            : `rule ${rule + 1}`;

/** What Quayside answered, and which rule decided it. */
export function ResponseTab({ delivery: d }: ResponseTabProps) {
  const r = d.response;
  return (
    <div data-testid="response-tab">
      <p>
        {r.action === "respond" ? (
          <>
            Answered <strong>{r.status}</strong>
            {r.delayMs ? ` after ${r.delayMs} ms` : ""}
          </>
        ) : r.action === "hang" ? (
          "Held the request until the sender gave up (hang)"
        ) : (
          "Reset the connection"
        )}{" "}
        — {RULE_LABEL(r.rule)}.
      </p>
      <HeaderTable headers={r.headers} />
      {r.body && <pre class="raw">{r.body}</pre>}
    </div>
  );
}
