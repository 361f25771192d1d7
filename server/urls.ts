// Which URLs to show people: the names a registry on the LAN can reach (host name and LAN
// addresses first, since Quay refuses localhost webhook URLs), then loopback.
import { hostname, networkInterfaces } from "node:os";

export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) if (!info.internal && info.family === "IPv4") out.push(info.address);
  }
  return out;
}

/** Receiver base URLs for a scheme and port, given the bind host. */
export function receiverBases(scheme: "https" | "http", port: number, bindHost: string): string[] {
  const wildcard = bindHost === "0.0.0.0" || bindHost === "::" || bindHost === "";
  const names = wildcard ? [hostname(), ...lanAddresses(), "localhost"] : [bindHost];
  return [...new Set(names)].map((n) => `${scheme}://${n.includes(":") ? `[${n}]` : n}:${port}`);
}
