import { useEffect, useState } from "preact/hooks";
import { api, type CertSummary, type CertsView } from "../api.ts";
import { copy, registryLabel } from "../format.ts";
import { tlsErrors } from "../state/deliveries.ts";

function Cert({ title, cert }: { title: string; cert: CertSummary }) {
  return (
    <section class="cert">
      <h2>{title}</h2>
      <table class="kv">
        <tbody>
          <tr>
            <th>File</th>
            <td>
              <code>{cert.path}</code> <a href={cert.download}>download</a>
            </td>
          </tr>
          <tr>
            <th>Subject</th>
            <td>{cert.subject}</td>
          </tr>
          <tr>
            <th>Issuer</th>
            <td>{cert.issuer}</td>
          </tr>
          <tr>
            <th>Names</th>
            <td>{cert.sans.join(", ") || "—"}</td>
          </tr>
          <tr>
            <th>Valid</th>
            <td>
              {cert.validFrom} → {cert.validTo}
            </td>
          </tr>
          <tr>
            <th>SHA-256</th>
            <td>
              <code>{cert.fingerprint256}</code>{" "}
              <button type="button" onClick={() => copy(cert.fingerprint256)}>
                copy
              </button>
            </td>
          </tr>
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
    api.connections().then(
      (list) => {
        tlsErrors.value = list;
      },
      () => {},
    );
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
      <Cert title="Certificate authority (give this to the registry)" cert={certs.ca} />
      <Cert title="Receiver server certificate" cert={certs.server} />
      <Cert title="Client certificate (replays, quayside send)" cert={certs.client} />
      <p data-testid="client-key">
        Client key: <code>{certs.clientKey.path}</code> (on this machine; the console never serves private
        keys, copy the file from there)
      </p>
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
      {tlsErrors.value.length === 0 ? (
        <p>None so far.</p>
      ) : (
        <ul data-testid="tls-errors">
          {tlsErrors.value.map((t) => (
            <li key={t.at + t.remote} data-testid="tls-error">
              {t.at} {t.remote}: <strong>{t.explanation ?? t.reason}</strong>
              {t.explanation && <span class="muted"> ({t.reason})</span>}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
