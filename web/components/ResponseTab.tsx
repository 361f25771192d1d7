import type { DeliveryDetail } from "../../server/contract/index.ts";
import { HeaderTable } from "./HeaderTable.tsx";

export interface ResponseTabProps {
  delivery: DeliveryDetail;
}

/** Why the answer was refused, by the stub record's note (server/receiver/app.ts). */
const REFUSED: Record<string, string> = {
  "browser-origin": "refused: sent by a web page (it carried an Origin header, which registries never send)",
  "require-cert": "refused: this endpoint requires a trusted client certificate",
  "too-large": "refused: the body is over the size limit",
};

const RULE_LABEL = (d: DeliveryDetail) => {
  const rule = d.response.rule;
  if (d.note && Object.hasOwn(REFUSED, d.note)) return REFUSED[d.note];
  return rule === null
    ? "the default answer"
    : rule === "query"
      ? "set by the URL (?status=…)"
      : rule === "policy"
        ? "refused by the endpoint's policy"
        : rule === "limit"
          ? "refused: the body is over the size limit"
          : rule === "proxy"
            ? "passed on from the forward target"
            : `set by rule ${rule + 1}`;
};

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
        — <span data-testid="response-why">{RULE_LABEL(d)}</span>.
      </p>
      <HeaderTable headers={r.headers} />
      {r.body && <pre class="raw">{r.body}</pre>}
    </div>
  );
}
