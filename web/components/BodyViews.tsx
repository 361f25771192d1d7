import type { DeliveryDetail } from "../../server/contract/index.ts";
import { type BodyKind, base64Bytes, formFields, HEX_BYTES, hexDump, prettyXml } from "../body-kinds.ts";
import { size } from "../format.ts";

export interface NotJsonViewProps {
  delivery: DeliveryDetail;
  kind: Exclude<BodyKind, "json">;
  text: string | null;
  base64: string | null;
  contentType: string;
}

const KIND_WORDS: Record<Exclude<BodyKind, "json" | "empty">, string> = {
  form: "form-encoded fields, decoded",
  xml: "XML, indented",
  text: "text",
  binary: "binary",
};

/** A body that is not JSON, in the view its kind calls for; always text nodes, never HTML. */
export function NotJsonView({ delivery: d, kind, text, base64, contentType }: NotJsonViewProps) {
  if (d.note === "too-large")
    return (
      <p class="fact" data-testid="body-fact">
        The body was over Quayside's size limit ({size(d.size)}, {d.size.toLocaleString("en")} bytes) and was
        not kept; the sender was answered {d.status}.
      </p>
    );
  if (kind === "empty")
    return (
      <p class="fact" data-testid="body-fact">
        The body is empty.
      </p>
    );
  const what = contentType ? ` (${contentType})` : "";
  return (
    <div data-testid={`body-${kind}`}>
      <p class="fact" data-testid="body-fact">
        Not JSON: {KIND_WORDS[kind]}
        {what}.
      </p>
      {kind === "form" && text !== null ? (
        <table class="kv form-fields">
          <tbody>
            {formFields(text).map(([k, v], i) => (
              <tr key={i}>
                <th>{k}</th>
                <td class="token">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : kind === "binary" && base64 !== null ? (
        <>
          <p class="note">
            {base64Bytes(base64).length > HEX_BYTES ? `First ${HEX_BYTES} bytes` : "All bytes"}, as hex:
          </p>
          <pre class="raw hex">{hexDump(base64Bytes(base64))}</pre>
        </>
      ) : (
        <pre class="raw" data-testid="raw-body">
          {kind === "xml" && text !== null ? prettyXml(text) : text}
        </pre>
      )}
    </div>
  );
}
