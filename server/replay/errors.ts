// Network failures of a replay or forward, in plain words.

const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "the target's certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the target's certificate chain ends in an untrusted self-signed CA",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the target's certificate is issued by an unknown CA",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the target's certificate is issued by an unknown CA",
  CERT_HAS_EXPIRED: "the target's certificate has expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "the target's certificate does not name this host",
};

export function describeNetworkError(e: unknown, target: URL): { code: string; message: string } {
  let err = e as NodeJS.ErrnoException & { cause?: unknown };
  // undici wraps the socket error in `cause`
  while (err?.cause && typeof err.cause === "object" && !(err.code && err.code in TLS_CODES)) {
    err = err.cause as NodeJS.ErrnoException & { cause?: unknown };
  }
  const code = err?.code ?? "ERROR";
  const where = `${target.hostname}:${target.port || (target.protocol === "https:" ? 443 : 80)}`;
  if (code in TLS_CODES) return { code, message: `TLS verification failed: ${TLS_CODES[code]} (${code})` };
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
    case "EFORBIDDENADDR":
      return { code, message: `refused: ${err.message}` };
    default:
      return { code, message: `${err?.message ?? String(e)}` };
  }
}
