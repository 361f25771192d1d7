import type { EndpointView } from "../../server/contract/index.ts";
import { CopyButton } from "./CopyButton.tsx";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** "HTTPS · LAN" / "HTTP · localhost": where a URL can be reached from. */
function urlKind(url: string): string {
  let host = "";
  try {
    host = new URL(url).hostname;
  } catch {
    // shown as-is below; the label just says "URL"
  }
  const scheme = url.startsWith("https:") ? "HTTPS" : "HTTP";
  return host ? `${scheme} · ${LOOPBACK.has(host) ? "localhost" : "LAN"}` : "URL";
}

export interface EndpointUrlsProps {
  endpoint: EndpointView;
}

/** Every receiving URL of one endpoint, HTTPS first, each with a copy button that confirms. */
export function EndpointUrls({ endpoint: e }: EndpointUrlsProps) {
  return (
    <ul class="ep-urls" data-testid="endpoint-urls">
      {[...e.urls.https, ...e.urls.http].map((u) => (
        <li key={u} data-testid="endpoint-url">
          <span class="small">{urlKind(u)}</span>
          <CopyButton text={u} what={u} class="mini" testId="copy-url" />
          <code class="url token">{u}</code>
        </li>
      ))}
    </ul>
  );
}
