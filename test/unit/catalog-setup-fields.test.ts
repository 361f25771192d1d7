// The set-up steps' receiver URLs: which name of the server certificate stands for this
// machine's LAN address (Quay and others refuse localhost), and how the base URL is trimmed.
import { describe, expect, it } from "vitest";
import { setupSteps } from "../../server/core/catalog/setup-steps.ts";
import type { LoadedCerts } from "../../server/tls/certs.ts";

const certs = (sans: string[]) =>
  ({
    paths: { ca: "/certs/ca.pem", client: "/certs/client.pem", clientKey: "/certs/client-key.pem" },
    sans,
  }) as unknown as LoadedCerts;
/** DTR's first step names the webhook endpoint on the LAN URL. */
const dtrEndpoint = (sans: string[], url?: string, loopbackOnly?: boolean) =>
  /endpoint (\S+)\/hooks\/dtr/.exec(setupSteps(certs(sans), url, loopbackOnly).dtr[0] ?? "")?.[1];

describe("the LAN URL in set-up steps", () => {
  it("prefers an IPv4 address over host names, skipping loopback names", () => {
    expect(dtrEndpoint(["localhost", "127.0.0.1", "::1", "quayside.lan", "192.168.1.5"])).toBe(
      "https://192.168.1.5:8443",
    );
  });

  it("uses a host name when there is no IPv4 address, skipping wildcards", () => {
    expect(dtrEndpoint(["*.lan", "fd00::5", "quayside.lan"])).toBe("https://quayside.lan:8443");
  });

  it("brackets an IPv6 address when it is the only LAN name", () => {
    expect(dtrEndpoint(["localhost", "::1", "fd00::5"])).toBe("https://[fd00::5]:8443");
  });

  it("keeps the given URL when the certificate names only loopback", () => {
    expect(dtrEndpoint(["localhost", "127.0.0.1", "::1"], "https://localhost:9443")).toBe(
      "https://localhost:9443",
    );
  });

  it("keeps the given URL when told the receiver is on loopback only", () => {
    expect(dtrEndpoint(["192.168.1.5"], "https://localhost:9443", true)).toBe("https://localhost:9443");
    expect(dtrEndpoint(["192.168.1.5"], "https://localhost:9443")).toBe("https://192.168.1.5:9443");
  });

  it("drops trailing slashes of the receiver URL", () => {
    expect(dtrEndpoint([], "https://localhost:9443///", true)).toBe("https://localhost:9443");
    expect(setupSteps(certs([]), "https://localhost:9443/").dtr[0]).toContain(
      "endpoint https://localhost:9443/hooks/dtr.",
    );
  });
});
