// Policy and limits, judged after the request was read: each check is a small function that
// returns the fixed answer for a request the receiver refuses, or null. `refusal` asks them in
// order (web-page Origin, body over the limit, decoded body over the limit, client certificate
// the endpoint requires, signature the endpoint requires); only what passes all of them reaches
// the rules, the proxy and the mirror. The held-connection cap is judged after the rules.
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

/** One policy: the refusal for `input`, or null when this policy has nothing against it. */
export type PolicyCheck = (input: AdmitInput) => Refusal | null;

const SIGNATURE_REFUSED: Record<Exclude<SignatureCheck["verdict"], "valid">, string> = {
  invalid: "signature does not match this endpoint's secret",
  missing: "this endpoint requires a signature and none was sent",
  // require means require: a sender with no secret set is refused like one that signs wrongly
  unsigned: "this endpoint requires a signature; the sender has no secret set",
};

/** 403 for a request a web page sent: registries never send Origin, browsers always do. */
export const browserOrigin: PolicyCheck = ({ id, origin }) =>
  origin === undefined
    ? null
    : {
        note: "browser-origin",
        response: fixedResponse(
          403,
          ERROR_CODES.BROWSER_ORIGIN,
          "requests from web pages are not accepted",
          id,
          "policy",
        ),
      };

/** 413 for a body announced or sent past the limit; the connection closes after the answer. */
export const bodySize: PolicyCheck = ({ id, body, bodyLimit }) => {
  if (!body.tooLarge) return null;
  const response = fixedResponse(
    413,
    ERROR_CODES.BODY_TOO_LARGE,
    `body over the limit of ${bodyLimit} bytes`,
    id,
    "limit",
  );
  // the rest of the upload is not read: end the connection after answering
  response.headers.push(["connection", "close"]);
  return { note: "too-large", response };
};

/** 413 for a gzip/deflate body whose decoded size passes the limit (a decompression bomb). */
export const decodeLimit: PolicyCheck = ({ id, body }) =>
  body.decodeError?.includes("limit")
    ? {
        note: "too-large",
        response: fixedResponse(413, ERROR_CODES.BODY_TOO_LARGE, body.decodeError, id, "limit"),
      }
    : null;

/** 401 (none presented) or 403 (not accepted) when the endpoint requires a client certificate. */
export const clientCert: PolicyCheck = ({ id, certMode, tls }) => {
  const verdict = tls?.clientCert.verdict ?? "none";
  if (certMode !== "require" || (verdict !== "none" && verdict !== "untrusted")) return null;
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
            `client certificate not accepted: ${tls?.clientCert.reason ?? "untrusted"}`,
            id,
            "policy",
          ),
  };
};

/** 401 for an endpoint in `require` mode whose delivery is not validly signed. */
export const signatureRequired: PolicyCheck = ({ id, signature }) => {
  const check = signature?.check;
  if (!check || signature.mode !== "require" || check.verdict === "valid") return null;
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
};

/**
 * The first refusal, asking the checks in order (origin, size, decoded size, certificate,
 * signature), or null.
 * @example refusal({ id, origin: "http://evil.example", ... }) // { note: "browser-origin", response: 403 }
 */
export function refusal(input: AdmitInput): Refusal | null {
  return (
    browserOrigin(input) ??
    bodySize(input) ??
    decodeLimit(input) ??
    clientCert(input) ??
    signatureRequired(input)
  );
}
