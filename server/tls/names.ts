// Host names as certificates carry them: lower-case names, IPv6 in its short form, and Node's
// subjectAltName string split back into names.
import { isIP } from "node:net";

/** Lower-case host name, or an IP address in canonical short form ("0:0:0:0:0:0:0:1" → "::1"). */
export function normalizeHostName(raw: string): string {
  const name = raw.trim().toLowerCase();
  if (isIP(name) === 6) return new URL(`http://[${name}]/`).hostname.slice(1, -1);
  return name;
}

/**
 * Splits Node's `subjectAltName` string ("DNS:a, IP Address:0:0:0:0:0:0:0:1") into names, IPv6 compressed.
 * @example splitAltNames("DNS:localhost, IP Address:127.0.0.1") // ["localhost", "127.0.0.1"]
 */
export function splitAltNames(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  // Node quotes a value as a JSON string when it contains a comma or quote.
  const entries = subjectAltName.match(/[A-Za-z ]+:(?:"(?:[^"\\]|\\.)*"|[^,]*)/g) ?? [];
  return entries.map((entry) => {
    const value = entry.slice(entry.indexOf(":") + 1).trim();
    const text = value.startsWith('"') ? (JSON.parse(value) as string) : value;
    return entry.trim().startsWith("IP Address:") ? normalizeHostName(text) : text;
  });
}
