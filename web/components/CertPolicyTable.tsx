import { useState } from "preact/hooks";
import type { ClientCertMode, EndpointView } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { endpoints } from "../state/console.ts";

/** The client-certificate modes in words, as the endpoint's rules & policy editor names them. */
export const CERT_MODE_WORDS: Record<ClientCertMode, string> = {
  off: "off (not checked)",
  report: "report (record the verdict)",
  require: "require (401 / 403 otherwise)",
};
const MODES = Object.keys(CERT_MODE_WORDS) as ClientCertMode[];

export interface CertPolicyRowProps {
  endpoint: EndpointView;
}

/** One endpoint's client-certificate mode, saved as soon as it is picked (pins are kept). */
function CertPolicyRow({ endpoint: e }: CertPolicyRowProps) {
  const [message, setMessage] = useState("");
  const change = async (mode: ClientCertMode) => {
    setMessage("saving…");
    try {
      await api.saveEndpoint(e.name, { clientCert: { mode, pins: e.clientCert.pins } });
      setMessage("saved");
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  return (
    <tr data-testid="cert-policy" data-id={e.name}>
      <th>{e.name}</th>
      <td>
        <select
          value={e.clientCert.mode}
          aria-label={`client certificate of ${e.name}`}
          onChange={(ev) => void change(ev.currentTarget.value as ClientCertMode)}
          data-testid="cert-policy-mode"
        >
          {MODES.map((m) => (
            <option key={m} value={m}>
              {CERT_MODE_WORDS[m]}
            </option>
          ))}
        </select>
      </td>
      <td class="small">{e.clientCert.pins.length ? `${e.clientCert.pins.length} pinned` : "none pinned"}</td>
      <td class="small" role="status" data-testid="cert-policy-message">
        {message}
      </td>
    </tr>
  );
}

/** Every endpoint's client-certificate policy, settable here as well as on the endpoint. */
export function CertPolicyTable() {
  const list = endpoints.value;
  return (
    <section data-testid="cert-policies">
      <h2>Client certificates per endpoint</h2>
      {list.length === 0 ? (
        <p class="muted">No endpoints yet: create one in the endpoint pane, or send it a delivery.</p>
      ) : (
        <table class="kv">
          <tbody>
            {list.map((e) => (
              <CertPolicyRow key={e.name} endpoint={e} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
