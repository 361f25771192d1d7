// Failed TLS handshakes in words: OpenSSL's and Node's reasons ("SSL alert number 48", "no shared
// cipher", "socket hang up") mapped to what happened and what to do about it.

/** The CA file a sender must trust to reach the HTTPS receiver. */
const GIVE_CA = "give it certs/ca.pem (its CA bundle or extra_ca_certs)";

/**
 * Checked in order; the first match explains the reason. Alert numbers are RFC 8446 §6: the
 * peer sent the alert, so "unknown ca" (48) and "bad certificate" (42) are the sender refusing
 * Quayside's certificate, not the other way round (the receiver never refuses a client's).
 */
const REASONS: readonly (readonly [RegExp, string])[] = [
  [/alert unknown ca|alert number 48\b/i, `the sender does not trust Quayside's CA; ${GIVE_CA}`],
  [
    /alert bad certificate|alert number 42\b/i,
    `the sender rejected Quayside's certificate (bad certificate); ${GIVE_CA}, and reach Quayside by a name the certificate lists (--san)`,
  ],
  [
    /alert certificate unknown|alert number 46\b/i,
    `the sender could not accept Quayside's certificate (certificate unknown): most often it does not trust the CA; ${GIVE_CA}`,
  ],
  [
    /alert certificate expired|alert number 45\b/i,
    "the sender says a certificate has expired: run `quayside certs` to renew",
  ],
  [
    /handshake timeout/i,
    "the sender opened a connection but did not finish the TLS handshake in time (handshakeTimeoutMs)",
  ],
  [
    /wrong version number|unsupported protocol|version too low|alert protocol version|alert number 70\b/i,
    "the sender speaks a TLS version Quayside does not (TLS 1.2 or 1.3 only), or not TLS at all",
  ],
  [/no shared cipher|no cipher/i, "the sender offers no cipher suite Quayside accepts"],
  [
    /http request|https proxy request/i,
    "the sender spoke plain HTTP to the HTTPS port: use https:// in its URL, or the HTTP port",
  ],
  [
    /socket hang up|ECONNRESET/i,
    `the sender closed the connection during the handshake: most often it does not trust Quayside's certificate; ${GIVE_CA}`,
  ],
];

/**
 * What a failed handshake's reason means, in words; the reason itself when it is not a known one.
 * @example explainHandshakeError("…:SSL alert number 48") // "the sender does not trust Quayside's CA; …"
 */
export function explainHandshakeError(reason: string): string {
  for (const [pattern, words] of REASONS) if (pattern.test(reason)) return words;
  return `the TLS handshake failed: ${reason}`;
}
