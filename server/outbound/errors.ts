// Network failures of an outbound request (replay, forward, send), in plain words, and the error
// the guard raises when a target is refused.

/** A refused target: link-local, cloud-metadata or otherwise never a webhook receiver. */
export class ForbiddenAddressError extends Error {
  override name = "ForbiddenAddressError";
  code = "EFORBIDDENADDR";
}

const TLS_CODES = new Map<string, string>([
  ["DEPTH_ZERO_SELF_SIGNED_CERT", "the target's certificate is self-signed"],
  ["SELF_SIGNED_CERT_IN_CHAIN", "the target's certificate chain ends in an untrusted self-signed CA"],
  ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "the target's certificate is issued by an unknown CA"],
  ["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "the target's certificate is issued by an unknown CA"],
  ["CERT_HAS_EXPIRED", "the target's certificate has expired"],
  ["ERR_TLS_CERT_ALTNAME_INVALID", "the target's certificate does not name this host"],
]);

type NetError = NodeJS.ErrnoException & { cause?: unknown };

/** The innermost error that says something: undici wraps the socket error in `cause`. */
function rootCause(e: unknown): NetError {
  let err = e as NetError;
  while (err?.cause && typeof err.cause === "object" && !(err.code && TLS_CODES.has(err.code))) {
    err = err.cause as NetError;
  }
  return err;
}

/**
 * The code and a one-line message for a failed outbound request.
 * @example describeNetworkError(e, new URL("http://127.0.0.1:9/")).message
 * // "connection refused: nothing is listening at 127.0.0.1:9"
 */
export function describeNetworkError(e: unknown, target: URL): { code: string; message: string } {
  const err = rootCause(e);
  const code = err?.code ?? "ERROR";
  const where = `${target.hostname}:${target.port || (target.protocol === "https:" ? 443 : 80)}`;
  const tls = TLS_CODES.get(code);
  if (tls) return { code, message: `TLS verification failed: ${tls} (${code})` };
  // OpenSSL's answer to an HTTP reply where a TLS record was expected; older builds say EPROTO.
  if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || /wrong version number/i.test(err?.message ?? "")) {
    return {
      code: "ERR_SSL_WRONG_VERSION_NUMBER",
      message: `TLS handshake with ${where} failed: the target speaks plain HTTP on an https:// URL`,
    };
  }
  switch (code) {
    case "ECONNREFUSED":
      return { code, message: `connection refused: nothing is listening at ${where}` };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return { code, message: `host not found: ${target.hostname}` };
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return { code, message: `the target at ${where} reset the connection` };
    case "UND_ERR_CONNECT_TIMEOUT":
    case "ETIMEDOUT":
      return { code, message: `timed out connecting to ${where}` };
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return { code: "TIMEOUT", message: `the target at ${where} did not answer in time` };
    case "EPROTO":
      return { code, message: `TLS handshake with ${where} failed: ${err.message}` };
    case "EFORBIDDENADDR":
      return { code, message: `refused: ${err.message}` };
    default:
      return { code, message: `${err?.message ?? String(e)}` };
  }
}
