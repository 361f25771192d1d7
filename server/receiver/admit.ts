// Policy and limits, judged after recording: the fixed answer for a request the receiver refuses
// (web-page Origin, body over the limit, client certificate the endpoint requires, signature the
// endpoint requires), or null.
// Only what passes here reaches the rules, the proxy and the mirror.
import type {
  ClientCertMode,
  ResponseRecord,
  SignatureCheck,
  SignatureMode,
  TlsInfo,
} from "../contract/index.ts";
import { ERROR_CODES } from "../contract/index.ts";
import type { ReadBody } from "./body.ts";
import { fixedResponse } from "./record.ts";

export interface Refusal {
  note: "browser-origin" | "too-large" | "require-cert" | "require-signature";
  response: ResponseRecord;
}

export interface AdmitInput {
  id: string;
  origin: string | undefined;
  body: ReadBody;
  bodyLimit: number;
  certMode: ClientCertMode;
  tls: TlsInfo | null;
  /** The signature check (null: the endpoint has no secret) and the endpoint's mode. */
  signature?: { check: SignatureCheck | null; mode: SignatureMode };
}

const SIGNATURE_REFUSED: Record<Exclude<SignatureCheck["verdict"], "valid">, string> = {
  invalid: "signature does not match this endpoint's secret",
  missing: "this endpoint requires a signature and none was sent",
  // require means require: a sender with no secret set is refused like one that signs wrongly
  unsigned: "this endpoint requires a signature; the sender has no secret set",
};

/** 401 for an endpoint in `require` mode whose delivery is not validly signed, else null. */
function signatureRefusal(id: string, input: AdmitInput["signature"]): Refusal | null {
  const check = input?.check;
  if (!check || input.mode !== "require" || check.verdict === "valid") return null;
  return {
    note: "require-signature",
    response: fixedResponse(
      401,
      ERROR_CODES.SIGNATURE_INVALID,
      SIGNATURE_REFUSED[check.verdict],
      id,
      "policy",
    ),
  };
}

/**
 * @example refusal({ id, origin: "http://evil.example", ... }) // { note: "browser-origin", response: 403 }
 */
export function refusal(input: AdmitInput): Refusal | null {
  const { id, body } = input;
  if (input.origin !== undefined) {
    // Registries never send Origin; a browser page does (cross-site request to the LAN).
    return {
      note: "browser-origin",
      response: fixedResponse(
        403,
        ERROR_CODES.BROWSER_ORIGIN,
        "requests from web pages are not accepted",
        id,
        "policy",
      ),
    };
  }
  if (body.tooLarge) {
    const response = fixedResponse(
      413,
      ERROR_CODES.BODY_TOO_LARGE,
      `body over the limit of ${input.bodyLimit} bytes`,
      id,
      "limit",
    );
    // the rest of the upload is not read: end the connection after answering
    response.headers.push(["connection", "close"]);
    return { note: "too-large", response };
  }
  if (body.decodeError?.includes("limit")) {
    return {
      note: "too-large",
      response: fixedResponse(413, ERROR_CODES.BODY_TOO_LARGE, body.decodeError, id, "limit"),
    };
  }
  const verdict = input.tls?.clientCert.verdict ?? "none";
  if (input.certMode !== "require" || (verdict !== "none" && verdict !== "untrusted")) {
    return signatureRefusal(id, input.signature);
  }
  return {
    note: "require-cert",
    response:
      verdict === "none"
        ? fixedResponse(
            401,
            ERROR_CODES.CLIENT_CERT_REQUIRED,
            "this endpoint requires a TLS client certificate",
            id,
            "policy",
          )
        : fixedResponse(
            403,
            ERROR_CODES.CLIENT_CERT_UNTRUSTED,
            `client certificate not accepted: ${input.tls?.clientCert.reason ?? "untrusted"}`,
            id,
            "policy",
          ),
  };
}
