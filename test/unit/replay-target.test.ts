import { describe, expect, it } from "vitest";
import { isForbiddenAddress, parseTarget } from "../../server/outbound/index.ts";
import { buildHeaders } from "../../server/replay/index.ts";

describe("replay targets", () => {
  it("accepts http and https, refuses other schemes and credentials with clear messages", () => {
    expect(parseTarget("http://localhost:3000/hook").port).toBe("3000");
    expect(() => parseTarget("file:///etc/passwd")).toThrow(/only http and https/);
    expect(() => parseTarget("gopher://x")).toThrow(/not gopher/);
    expect(() => parseTarget("not a url")).toThrow(/is not a URL/);
    expect(() => parseTarget("http://u:p@host/")).toThrow(/Authorization header/);
  });

  it("refuses link-local and metadata addresses, allows loopback and private ones", () => {
    for (const a of [
      "169.254.169.254",
      "::ffff:169.254.1.1",
      "fe80::1",
      "100.100.100.200",
      "fd00:ec2::254",
    ]) {
      expect(isForbiddenAddress(a)).toBe(true);
    }
    for (const a of ["127.0.0.1", "::1", "10.0.0.5", "192.168.1.20", "172.16.0.1"])
      expect(isForbiddenAddress(a)).toBe(false);
  });

  it("drops hop-by-hop headers, applies edits and drops Content-Encoding when the body changed", () => {
    const d = {
      headers: [
        ["Host", "x"],
        ["Content-Length", "3"],
        ["Connection", "keep-alive"],
        ["Content-Encoding", "gzip"],
        ["User-Agent", "Quay"],
        ["X-Keep", "1"],
      ] as [string, string][],
    };
    expect(buildHeaders(d, { "X-Keep": null, "X-New": "2" }, true)).toEqual([
      ["User-Agent", "Quay"],
      ["X-New", "2"],
    ]);
    expect(buildHeaders(d, undefined, false)).toContainEqual(["Content-Encoding", "gzip"]);
  });
});
