// The address guard: which IP addresses and host names Quayside never sends to. IPv6 forms that
// carry an IPv4 address (mapped, compatible, NAT64) are unmapped first, so
// [::ffff:a9fe:a9fe] is judged as 169.254.169.254. Loopback and private LAN ranges stay allowed.
import { BlockList, isIP } from "node:net";

/** Link-local, cloud-metadata, unspecified and multicast: never a webhook receiver. */
const FORBIDDEN = new BlockList();
FORBIDDEN.addSubnet("169.254.0.0", 16, "ipv4"); // link-local; 169.254.169.254 is AWS/GCP/Azure/OCI metadata
FORBIDDEN.addSubnet("0.0.0.0", 8, "ipv4"); // "this network"; 0.0.0.0 reaches local services on Linux
FORBIDDEN.addAddress("100.100.100.200", "ipv4"); // Alibaba Cloud metadata
FORBIDDEN.addAddress("192.0.0.192", "ipv4"); // Oracle Cloud Classic metadata
FORBIDDEN.addSubnet("224.0.0.0", 4, "ipv4"); // multicast
FORBIDDEN.addAddress("255.255.255.255", "ipv4"); // broadcast
FORBIDDEN.addSubnet("fe80::", 10, "ipv6"); // link-local
FORBIDDEN.addAddress("fd00:ec2::254", "ipv6"); // AWS metadata over IPv6
FORBIDDEN.addAddress("::", "ipv6"); // unspecified
FORBIDDEN.addSubnet("ff00::", 8, "ipv6"); // multicast

/** Cloud-metadata host names, refused before any DNS look-up (lower case, no trailing dot). */
const METADATA_HOSTS = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "metadata.azure.internal",
  "metadata.tencentyun.com",
  "instance-data",
  "instance-data.ec2.internal",
]);

/** The 16 bytes of an IPv6 address (already checked with isIP), dotted tail and zone allowed. */
function ipv6Bytes(address: string): number[] {
  let text = address.split("%")[0] ?? "";
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const groups = (s: string | undefined) => (s ? s.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(rest);
  const words = [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

const zero = (bytes: number[], from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
const dotted = (b: number[]) => b.join(".");

/**
 * RFC 6052 §2.2: the IPv4 address inside an IPv4-embedded IPv6 address with a prefix of
 * `prefixBits`; bits 64–71 (the "u" octet) are skipped.
 */
function rfc6052(bytes: number[], prefixBits: number): string {
  const out: number[] = [];
  for (let i = prefixBits / 8; out.length < 4; i++) if (i !== 8) out.push(bytes[i] ?? 0);
  return dotted(out);
}

/**
 * The IPv4 addresses an IPv6 address stands for: IPv4-mapped ::ffff:0:0/96 (dotted or hex),
 * IPv4-translated ::ffff:0:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96 and the
 * local-use 64:ff9b:1::/48 (every RFC 6052 prefix length it may be used with).
 * @example embeddedIPv4("::ffff:a9fe:a9fe") // ["169.254.169.254"]
 */
export function embeddedIPv4(address: string): string[] {
  const b = ipv6Bytes(address);
  const word = (i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  const last = dotted(b.slice(12));
  if (zero(b, 0, 10) && word(10) === 0xffff) return [last];
  if (zero(b, 0, 8) && word(8) === 0xffff && word(10) === 0) return [last];
  if (zero(b, 0, 12)) return last === "0.0.0.1" ? [] : [last]; // ::1 is IPv6 loopback, not 0.0.0.1
  if (word(0) === 0x64 && word(2) === 0xff9b && zero(b, 4, 12)) return [last];
  if (word(0) === 0x64 && word(2) === 0xff9b && word(4) === 1) return localUseNat64(b);
  return [];
}

/**
 * 64:ff9b:1::/48 may be used with a /48, /56, /64 or /96 prefix (RFC 8215), which the address
 * does not say: every layout whose suffix is zero, as RFC 6052 requires, is a candidate.
 */
function localUseNat64(b: number[]): string[] {
  const shorter = [48, 56, 64].filter((p) => b[8] === 0 && zero(b, p / 8 + 5, 16));
  const out = shorter.map((p) => rfc6052(b, p));
  // an all-zero tail is then the suffix of a shorter layout, not the address 0.0.0.0
  if (!(shorter.length > 0 && zero(b, 12, 16))) out.push(dotted(b.slice(12)));
  return out;
}

/** True for an IP address Quayside never sends to (see FORBIDDEN); host names are not IPs. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return FORBIDDEN.check(address, "ipv4");
  if (family !== 6) return false;
  if (FORBIDDEN.check(address.split("%")[0] ?? "", "ipv6")) return true;
  return embeddedIPv4(address).some((v4) => FORBIDDEN.check(v4, "ipv4"));
}

/** Lower case, without brackets and trailing dots: the form the checks compare. */
export function normalizeHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.+$/, "")
    .toLowerCase();
}

/** True for a cloud-metadata host name (any case, trailing dot or not). */
export function isMetadataHost(hostname: string): boolean {
  return METADATA_HOSTS.has(normalizeHost(hostname));
}

/** Why a host (name or IP literal) is refused, or null when it is allowed. */
export function refusalFor(hostname: string): string | null {
  const host = normalizeHost(hostname);
  if (isMetadataHost(host)) return `${host} is a cloud-metadata host name`;
  if (isForbiddenAddress(host)) return `${host} is a link-local/cloud-metadata address`;
  return null;
}
