import { useEffect, useState } from "preact/hooks";
import type { CertSummary, CertsView } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { CertFacts } from "../components/CertFacts.tsx";
import { CertPolicyTable } from "../components/CertPolicyTable.tsx";
import { TlsFailures } from "../components/TlsFailures.tsx";
import { registryLabel } from "../format.ts";

function Cert({ title, cert, id }: { title: string; cert: CertSummary; id: string }) {
  return (
    <section class="cert" data-testid={`cert-${id}`}>
      <h2>{title}</h2>
      <table class="kv">
        <tbody>
          <tr>
            <th>File</th>
            <td>
              <code>{cert.path}</code> <a href={cert.download}>download</a>
            </td>
          </tr>
          <CertFacts cert={cert} />
        </tbody>
      </table>
    </section>
  );
}

/** Quayside's CA, server and client certificates, downloads, and per-registry set-up steps. */
export function Certificates() {
  const [certs, setCerts] = useState<CertsView | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api.certs().then(setCerts, (e: Error) => setError(e.message));
  }, []);
  if (error)
    return (
      <main class="page">
        <p class="error">{error}</p>
      </main>
    );
  if (!certs) return <main class="page">Loading…</main>;
  return (
    <main class="page certs" data-testid="certs-page">
      <h1>Certificates</h1>
      <Cert id="ca" title="Certificate authority (give this to the registry)" cert={certs.ca} />
      <Cert id="server" title="Receiver server certificate" cert={certs.server} />
      <Cert id="client" title="Client certificate (replays, quayside send)" cert={certs.client} />
      <p data-testid="client-key">
        Client key: <code>{certs.clientKey.path}</code> (on this machine; the console never serves private
        keys, copy the file from there)
      </p>
      <CertPolicyTable />
      <h2>Set-up per registry</h2>
      {Object.entries(certs.setup).map(([registry, steps]) => (
        <section key={registry}>
          <h3>{registryLabel(registry)}</h3>
          <ol>
            {steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
        </section>
      ))}
      <h2>Failed TLS handshakes</h2>
      <p class="muted">The last 200 are kept across restarts (connections.json in the data dir).</p>
      <TlsFailures />
    </main>
  );
}
