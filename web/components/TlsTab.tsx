import { useState } from "preact/hooks";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { CertFacts } from "./CertFacts.tsx";
import { SignatureBlock } from "./SignatureBlock.tsx";

export interface TlsTabProps {
  delivery: DeliveryDetail;
}

/**
 * The TLS session and the client certificate with its verdict and the reason in plain words;
 * then the other proof of the sender, its signature (and bearer token).
 */
export function TlsTab({ delivery: d }: TlsTabProps) {
  const [note, setNote] = useState("");
  if (!d.tls) {
    return (
      <div>
        <p data-testid="tls-none">Plain HTTP: no TLS, no client certificate.</p>
        <SignatureBlock delivery={d} />
      </div>
    );
  }
  const cc = d.tls.clientCert;
  const det = cc.details;
  const pin = async () => {
    if (!det) return;
    try {
      const ep = (await api.endpoints()).find((e) => e.name === d.endpoint);
      const pins = [...new Set([...(ep?.clientCert.pins ?? []), det.fingerprint256])];
      await api.saveEndpoint(d.endpoint, { clientCert: { mode: ep?.clientCert.mode ?? "report", pins } });
      setNote(`Pinned on endpoint ${d.endpoint}: its next deliveries with this certificate are accepted.`);
    } catch (e) {
      setNote((e as Error).message);
    }
  };
  return (
    <div data-testid="tls-tab">
      <table class="kv">
        <tbody>
          <tr>
            <th>Protocol</th>
            <td>{d.tls.protocol}</td>
          </tr>
          <tr>
            <th>Cipher</th>
            <td class="token">{d.tls.cipher}</td>
          </tr>
          <tr>
            <th>SNI</th>
            <td class="token">{d.tls.servername ?? "—"}</td>
          </tr>
          <tr>
            <th>Client certificate</th>
            <td>{cc.presented ? "presented" : "not presented"}</td>
          </tr>
          <tr>
            <th>Verdict</th>
            <td>
              <span class={`badge badge-cert-${cc.verdict}`} data-testid="tls-verdict">
                {cc.verdict}
              </span>
            </td>
          </tr>
          {(cc.reason || !cc.presented) && (
            <tr>
              <th>Why</th>
              <td data-testid="tls-reason">
                {cc.presented
                  ? cc.reason
                  : `no client certificate was presented${cc.reason?.match(/ \(.*\)$/)?.[0] ?? ""}`}
              </td>
            </tr>
          )}
          {/* Node's authorizationError describes a certificate; without one it is noise
              (UNABLE_TO_GET_ISSUER_CERT), so it is shown only for a presented certificate. */}
          {cc.presented && cc.authorizationError && (
            <tr>
              <th>TLS check</th>
              <td>
                <code class="token">{cc.authorizationError}</code>
              </td>
            </tr>
          )}
          {det && (
            <CertFacts
              cert={det}
              actions={
                cc.verdict !== "trusted" &&
                cc.verdict !== "pinned" && (
                  <button type="button" onClick={pin} data-testid="pin-cert">
                    pin this certificate
                  </button>
                )
              }
            />
          )}
        </tbody>
      </table>
      {note && <p class="note">{note}</p>}
      <SignatureBlock delivery={d} />
    </div>
  );
}
