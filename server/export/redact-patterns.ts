// The patterns redaction looks for: credentials, secret query parameters, URLs, IP addresses
// and host names. One alternation, so each span of text is rewritten exactly once.

/** Case-insensitive spelling of a word without the `i` flag (which would loosen every class). */
function ci(word: string): string {
  return [...word]
    .map((ch) => (/[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : ch))
    .join("");
}

/** Query parameters whose values are credentials (`?token=`, `&access_token=` ...). */
export const SECRET_PARAMS = [
  "access_token",
  "refresh_token",
  "id_token",
  "client_secret",
  "token",
  "password",
  "passwd",
  "secret",
  "api_key",
  "apikey",
  "signature",
  "sig",
];

/**
 * Top-level labels that make a dotted word a host name on their own. A curated list rather
 * than "any two letters": `README.md` or `setup.py` must not turn into hosts. Names with other
 * endings still count when a port or a path follows (`myreg.acme:5000`, `myreg.acme/ns/repo`).
 */
export const HOST_TLDS = new Set(
  (
    "com net org io dev app cloud co ai me info biz xyz tech site online page run sh tools systems " +
    "uk de fr nl eu us ca au jp cn ru in br ch se no fi dk it es pl cz at be ie nz kr tw hk sg il za " +
    "internal local lan corp home intranet localdomain private priv test example invalid svc cluster"
  ).split(" "),
);

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

const PARTS = [
  // `Bearer abc`, `Basic dXNlcjpw` in free text; six characters so "basic auth" stays prose.
  `(?<scheme>\\b(?:${ci("bearer")}|${ci("basic")})) +(?<cred>[A-Za-z0-9\\-._~+/]{6,}=*)`,
  // JSON Web Tokens anywhere (their dots would otherwise read as a host name). Only where a
  // token run starts: with `\\b`, each "-eyJ" inside one long run (`eyJa-eyJa-…`) restarted a
  // scan to the end of the run, quadratic in its length.
  "(?<![\\w-])(?<jwt>eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*)",
  `(?<param>[?&;](?:${SECRET_PARAMS.map(ci).join("|")})=)(?<pval>[^&#\\s"'\\\\<>]*)`,
  // scheme://[userinfo@]host — `\\/` too, for JSON written with escaped slashes. The scheme
  // is capped at 32 characters (real ones are short): unbounded, every word boundary inside a
  // long `a-a-a-…` or `a.a.a…` run rescanned the rest of the run, quadratic in its length.
  // Percent-encoded too (`?next=https%3A%2F%2Fquay.corp%2F`), so a host inside a URL carried
  // in a query parameter gets the same placeholder as everywhere else; no host holds a "%".
  "(?<url>\\b[A-Za-z][A-Za-z0-9+.-]{0,31}(?::(?:\\\\?/){2}|%3[Aa]%2[Ff]%2[Ff]))" +
    "(?<userinfo>[^\\s/@\"'\\\\?#<>%]+@)?" +
    "(?<uhost>\\[[0-9A-Fa-f:.]+\\]|[^\\s/:?#\"'\\\\<>[\\]%]+)",
  `(?<![\\w.])(?<ipv4>(?:${OCTET}\\.){3}${OCTET})(?![\\w]|\\.\\d)`,
  // Candidates only; the replacer keeps what node:net does not accept (times like 10:15:30).
  "(?<![\\w:.])(?<ipv6>[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::\\d{1,3}(?:\\.\\d{1,3}){3})?)(?![\\w:]|\\.\\d)",
  // Dotted names; not after "/" so media types (application/vnd.docker...) and paths stay.
  `(?<![\\w.\\-/\\\\%$])(?<host>(?:${LABEL}\\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9])(?![\\w-]|\\.[A-Za-z0-9])`,
  // One-label names before a port, like distribution's `source.addr` ("5f0c2b7d9e1a:5000").
  "(?<![\\w.\\-/\\\\:%$])(?<lhost>[A-Za-z0-9][A-Za-z0-9-]{0,62})(?=:\\d{2,5}(?![\\w.:]))",
];

/** Builds a fresh global regex (each caller gets its own `lastIndex`). */
export function createRedactPattern(): RegExp {
  return new RegExp(PARTS.join("|"), "g");
}

export interface RedactGroups {
  scheme?: string;
  cred?: string;
  jwt?: string;
  param?: string;
  pval?: string;
  url?: string;
  userinfo?: string;
  uhost?: string;
  ipv4?: string;
  ipv6?: string;
  host?: string;
  lhost?: string;
}
