// createRedactor: one per export, so a host gets the same documentation placeholder in the
// body, the headers and the URL. Names per RFC 2606, addresses per RFC 5737 and RFC 3849.
import { isIPv4, isIPv6 } from "node:net";
import { isJsonText, mapStringLiteral, rewriteJsonText } from "./json-text.ts";
import { createRedactPattern, HOST_TLDS, type RedactGroups } from "./redact-patterns.ts";
import { parsePattern, replaceAllMatches, type UserPattern } from "./user-pattern.ts";

export const REDACTED = "<redacted>";

export interface RedactorOptions {
  /**
   * Extra text to mask: strings match literally; RegExps (and parsed `/re/` strings) run on
   * RE2 so a user's pattern matches in linear time (see user-pattern.ts).
   */
  extraPatterns?: (string | RegExp | UserPattern)[];
  /** Host names to leave as they are, besides localhost and public spec hosts. */
  keepHosts?: string[];
  /**
   * Mask loopback addresses in bodies and headers too (samples for docs): a registry captured
   * on `127.0.0.1:35000` says nothing a reader needs, and next to masked hosts it reads as an
   * inconsistency. The name "localhost" stays (it is already generic), and `url()` keeps
   * loopback as it is: a reproduced request targets this machine.
   */
  maskLoopback?: boolean;
}

export interface Redactor {
  /** A body or any free text; JSON keeps its keys and layout, only values change. */
  text(s: string): string;
  headers(h: readonly [string, string][]): [string, string][];
  url(u: string): string;
}

// Public specification hosts say nothing about the user's network ($schema, namespaces).
const KEEP_HOSTS = ["localhost", "json-schema.org", "www.w3.org", "w3.org", "schema.org", "cloudevents.io"];
const SECRET_HEADER =
  /^(?:authorization|proxy-authorization|cookie|set-cookie|x-registry-auth|x-auth-token|x-api-key|api-key)$|(?:^|-)(?:token|secret|password|signature)(?:$|-)/i;
/** The scheme word of an Authorization value is kept: docs should still say "Bearer". */
const AUTH_SCHEME = /^(Bearer|Basic|Digest|Token|Secret|Negotiate|NTLM|HMAC|AWS4-HMAC-SHA256)\s+\S/i;
const HOST_HEADERS = new Set(["host", "x-forwarded-host", ":authority"]);
const SECRET_KEY =
  /^(?:token|access_token|refresh_token|api_?key|authorization|auth)$|password|passwd|secret/i;
const V4_BLOCKS = ["192.0.2", "198.51.100", "203.0.113"];

/**
 * Creates a redactor whose placeholders are consistent for its whole life: the first host
 * becomes `registry.example.com`, the next `registry2.example.com`, IPv4 addresses
 * 192.0.2.x, IPv6 2001:db8::x. Loopback names and addresses stay.
 * @example const r = createRedactor(); r.text('{"url":"https://quay.corp:8443/x"}')
 *   // '{"url":"https://registry.example.com:8443/x"}'
 */
export function createRedactor(opts: RedactorOptions = {}): Redactor {
  const keep = new Set([...KEEP_HOSTS, ...(opts.keepHosts ?? [])].map((h) => h.toLowerCase()));
  const extra = (opts.extraPatterns ?? []).map((p) => (typeof p === "string" ? p : parsePattern(p)));
  const hosts = new Map<string, string>();
  const v4 = new Map<string, string>();
  const v6 = new Map<string, string>();

  let loopback = opts.maskLoopback === true;

  function hostName(name: string): string {
    const key = name.toLowerCase();
    if (keep.has(key) || key.endsWith(".localhost")) return name;
    let placeholder = hosts.get(key);
    if (!placeholder) {
      const n = hosts.size + 1;
      placeholder = n === 1 ? "registry.example.com" : `registry${n}.example.com`;
      hosts.set(key, placeholder);
    }
    return placeholder;
  }
  function ipv4(address: string): string {
    if (address === "0.0.0.0" || (address.startsWith("127.") && !loopback)) return address;
    let placeholder = v4.get(address);
    if (!placeholder) {
      const n = v4.size;
      placeholder = `${V4_BLOCKS[Math.floor(n / 254) % V4_BLOCKS.length]}.${(n % 254) + 1}`;
      v4.set(address, placeholder);
    }
    return placeholder;
  }
  function ipv6(address: string): string {
    const key = address.toLowerCase();
    if (key === "::" || (key === "::1" && !loopback)) return address;
    // IPv4-mapped (::ffff:10.0.0.5): the same placeholder as the plain IPv4 address.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(key);
    if (mapped?.[1] && isIPv4(mapped[1])) return `::ffff:${ipv4(mapped[1])}`;
    let placeholder = v6.get(key);
    if (!placeholder) {
      placeholder = `2001:db8::${(v6.size + 1).toString(16)}`;
      v6.set(key, placeholder);
    }
    return placeholder;
  }
  /** A host as it appears in a URL or Host header: name, IPv4 or [IPv6]. */
  function anyHost(host: string): string {
    if (host.startsWith("[") && host.endsWith("]")) {
      const inner = host.slice(1, -1);
      return isIPv6(inner) ? `[${ipv6(inner)}]` : host;
    }
    if (isIPv4(host)) return ipv4(host);
    return hostName(host);
  }

  function replace(match: string, ...args: unknown[]): string {
    const g = args.at(-1) as RedactGroups;
    const whole = args.at(-2) as string;
    const offset = args.at(-3) as number;
    if (g.scheme !== undefined) return `${g.scheme} ${REDACTED}`;
    if (g.jwt !== undefined) return REDACTED;
    if (g.param !== undefined) return g.pval ? `${g.param}${REDACTED}` : match;
    if (g.url !== undefined && g.uhost !== undefined) {
      const user = g.userinfo === undefined ? "" : g.userinfo.includes(":") ? `${REDACTED}@` : g.userinfo;
      return `${g.url}${user}${anyHost(g.uhost)}`;
    }
    if (g.ipv4 !== undefined) return ipv4(match);
    if (g.ipv6 !== undefined) return isIPv6(match) ? ipv6(match) : match;
    if (g.host !== undefined) {
      const tld = match.slice(match.lastIndexOf(".") + 1).toLowerCase();
      const after = whole.slice(offset + match.length, offset + match.length + 2);
      const hosty = HOST_TLDS.has(tld) || /^(?::\d|\/)/.test(after) || whole[offset - 1] === "@";
      return hosty ? hostName(match) : match;
    }
    if (g.lhost !== undefined) return /[A-Za-z]/.test(match) ? hostName(match) : match;
    return match;
  }

  function plain(s: string): string {
    let out = s;
    for (const pattern of extra) out = replaceAllMatches(out, pattern, REDACTED);
    return out.replace(createRedactPattern(), replace);
  }

  return {
    text(s) {
      if (!isJsonText(s)) return plain(s);
      return rewriteJsonText(s, {
        string: (raw, ctx) => {
          if (ctx.isKey) return raw;
          if (ctx.key !== null && SECRET_KEY.test(ctx.key) && raw !== "") return REDACTED;
          return mapStringLiteral(raw, plain);
        },
      });
    },
    headers(h) {
      return h.map(([name, value]): [string, string] => {
        const lower = name.toLowerCase();
        if (SECRET_HEADER.test(lower)) {
          const scheme = lower.endsWith("authorization") ? AUTH_SCHEME.exec(value) : null;
          return [name, scheme ? `${scheme[1]} ${REDACTED}` : REDACTED];
        }
        if (HOST_HEADERS.has(lower)) {
          const m = /^(\[[^\]]+\]|[^:]+)(:\d+)?$/.exec(value.trim());
          if (m?.[1]) return [name, `${anyHost(m[1])}${m[2] ?? ""}`];
        }
        return [name, plain(value)];
      });
    },
    url(u) {
      const saved = loopback;
      loopback = false;
      try {
        return plain(u);
      } finally {
        loopback = saved;
      }
    },
  };
}
