import { useEffect, useState } from "preact/hooks";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { CopyButton } from "./CopyButton.tsx";

export interface DetailCopiesProps {
  delivery: DeliveryDetail;
}

/** A link that opens this delivery in the console (the URL's `?id=`). */
export function deliveryLink(id: string): string {
  return `${location.origin}${location.pathname}?id=${encodeURIComponent(id)}`;
}

/**
 * Copy body, headers, curl command and link. The curl text is fetched when the delivery opens, so
 * the click itself writes to the clipboard at once (browsers refuse writes long after a click).
 */
export function DetailCopies({ delivery: d }: DetailCopiesProps) {
  const [curl, setCurl] = useState<string | null>(null);
  useEffect(() => {
    setCurl(null);
    api.exportText(d.id, "curl").then(setCurl, () => setCurl(null));
  }, [d.id]);
  const shown = d.decoded?.body ?? d.body;
  const body = "text" in shown ? shown.text : shown.base64;
  const headers = d.headers.map(([name, value]) => `${name}: ${value}`).join("\n");
  return (
    <div class="detail-copies" data-testid="detail-copies">
      <CopyButton text={body} what="the body" class="mini" testId="copy-body">
        {"text" in shown ? "Copy body" : "Copy body (base64)"}
      </CopyButton>
      <CopyButton text={headers} what="the headers" class="mini" testId="copy-headers">
        Copy headers
      </CopyButton>
      {curl !== null && (
        <CopyButton text={curl} what="a curl command" class="mini" testId="copy-curl">
          Copy as curl
        </CopyButton>
      )}
      <CopyButton text={deliveryLink(d.id)} what="a link to this delivery" class="mini" testId="copy-link">
        Copy link
      </CopyButton>
    </div>
  );
}
