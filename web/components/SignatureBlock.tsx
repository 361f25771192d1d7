import type { DeliveryDetail } from "../../server/contract/index.ts";
import { SIG_LABEL } from "../signature.ts";
import { Badge } from "./Badge.tsx";

export interface SignatureBlockProps {
  delivery: DeliveryDetail;
}

/** What the delivery's signature check found, and who an OIDC bearer token says sent it. */
export function SignatureBlock({ delivery: d }: SignatureBlockProps) {
  const sig = d.signature ?? null;
  const bearer = d.bearer ?? null;
  return (
    <section class="sig-block" data-testid="signature-block">
      <h3>Signature</h3>
      {sig ? (
        <table class="kv">
          <tbody>
            <tr>
              <th>Verdict</th>
              <td>
                <Badge kind={`sig-${sig.verdict}`}>{SIG_LABEL[sig.verdict]}</Badge>
              </td>
            </tr>
            <tr>
              <th>Scheme</th>
              <td class="token">{sig.scheme}</td>
            </tr>
            <tr>
              <th>Why</th>
              <td data-testid="signature-reason">{sig.reason}</td>
            </tr>
          </tbody>
        </table>
      ) : (
        <p class="small" data-testid="signature-none">
          Not checked: endpoint {d.endpoint} has no secret. Set one under its "Secret…" button.
        </p>
      )}
      {bearer && (
        <table class="kv" data-testid="bearer-claims">
          <tbody>
            <tr>
              <th>Bearer issuer</th>
              <td class="token">{bearer.issuer ?? "—"}</td>
            </tr>
            <tr>
              <th>Audience</th>
              <td class="token">{bearer.audience ?? "—"}</td>
            </tr>
            <tr>
              <th>Subject</th>
              <td class="token">{bearer.subject ?? "—"}</td>
            </tr>
            <tr>
              <th>Email</th>
              <td class="token">{bearer.email ?? "—"}</td>
            </tr>
            <tr>
              <th>Expires</th>
              <td>
                {bearer.expiresAt ?? "—"}
                {bearer.expired ? " (already expired when it arrived)" : ""}
              </td>
            </tr>
            <tr>
              <th>Note</th>
              <td>{bearer.note}</td>
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}
