import type { ComponentChildren } from "preact";
import type { CertificateDetails, CertSummary } from "../../server/contract/index.ts";
import { CopyButton } from "./CopyButton.tsx";

/** What both a peer's certificate (TLS tab) and one of Quayside's own (Certificates page) show. */
export interface CertFactsProps {
  cert: CertificateDetails | CertSummary;
  /** Buttons after the fingerprint's copy button (the TLS tab's "pin this certificate"). */
  actions?: ComponentChildren;
}

const namesOf = (c: CertificateDetails | CertSummary) => ("sans" in c ? c.sans : c.subjectAltNames);

/**
 * The rows of one certificate's details inside a `table.kv` body: subject, issuer, names,
 * validity, and for a peer's certificate serial, key usages and chain; the SHA-256 fingerprint
 * last with a copy button. Subjects come from the network: rendered as text, never as HTML.
 */
export function CertFacts({ cert, actions }: CertFactsProps) {
  const peer = "chain" in cert ? cert : null;
  return (
    <>
      <tr>
        <th>Subject</th>
        <td class="token" data-testid="cert-subject">
          {cert.subject}
        </td>
      </tr>
      <tr>
        <th>Issuer</th>
        <td class="token">{cert.issuer}</td>
      </tr>
      <tr>
        <th>Names</th>
        <td class="token">{namesOf(cert).join(", ") || "—"}</td>
      </tr>
      {peer && (
        <tr>
          <th>Serial</th>
          <td>
            <code>{peer.serialNumber}</code>
          </td>
        </tr>
      )}
      <tr>
        <th>Valid</th>
        <td>
          {cert.validFrom} → {cert.validTo}
        </td>
      </tr>
      {peer && (
        <>
          <tr>
            <th>Extended key usage</th>
            <td>{peer.extKeyUsage.join(", ") || "—"}</td>
          </tr>
          <tr>
            <th>Chain</th>
            <td class="token">{peer.chain.join(" → ")}</td>
          </tr>
        </>
      )}
      <tr>
        <th>SHA-256</th>
        <td data-testid="cert-fingerprint">
          <code>{cert.fingerprint256}</code>{" "}
          <CopyButton
            text={cert.fingerprint256}
            what="the SHA-256 fingerprint"
            class="mini"
            testId="copy-fp"
          />{" "}
          {actions}
        </td>
      </tr>
    </>
  );
}
