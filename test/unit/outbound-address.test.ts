// Which IPv4 address an IPv6 address carries, form by form (RFC 4291 mapped and compatible,
// RFC 2765 translated, RFC 6052 NAT64 and the RFC 8215 local-use prefix at every length).
import { describe, expect, it } from "vitest";
import { embeddedIPv4, isForbiddenAddress } from "../../server/outbound/index.ts";

describe("embeddedIPv4", () => {
  it.each([
    ["::ffff:169.254.1.2", ["169.254.1.2"]],
    ["::FFFF:A01:203", ["10.1.2.3"]],
    ["::ffff:a9fe:a9fe%eth0", ["169.254.169.254"]],
    ["::ffff:0:a01:203", ["10.1.2.3"]],
    ["::ffff:1:a01:203", []],
    ["::1:ffff:a01:203", []],
    ["::a01:203", ["10.1.2.3"]],
    ["::0.0.0.1", []],
    ["::", ["0.0.0.0"]],
    ["64:ff9b::a01:203", ["10.1.2.3"]],
    ["64:ff9b::169.254.169.254", ["169.254.169.254"]],
    ["64:ff9b::1:0:a01:203", []],
    ["65:ff9b::a01:203", []],
    ["64:ff9c::a01:203", []],
    ["64:ff9b:1::a01:203", ["10.1.2.3"]],
    ["64:ff9b:2::a01:203", []],
    ["65:ff9b:1::a01:203", []],
    ["64:ff9c:1::a01:203", []],
    ["64:ff9b:1::10.11.12.13", ["10.11.12.13"]],
    // /48: 10.1 | u | 2.3; /56 and /64 read the same bytes shifted, and all three are candidates
    ["64:ff9b:1:a01:2:300::", ["10.1.2.3", "1.2.3.0", "2.3.0.0"]],
    // /64: the u octet (byte 8) is zero and the address follows it; the /96 reading of the
    // last four bytes stays a candidate, as they are not all zero
    ["64:ff9b:1:0:a:102:300:0", ["10.1.2.3", "3.0.0.0"]],
    // a non-zero u octet rules out every shorter layout
    ["64:ff9b:1:a01:102:300::", ["0.0.0.0"]],
    ["2001:db8::a01:203", []],
  ])("%s carries %j", (address, expected) => {
    expect(embeddedIPv4(address)).toEqual(expected);
  });
});

describe("isForbiddenAddress", () => {
  it("judges IPv4, IPv6 with a zone, and IPv6 carrying a forbidden IPv4", () => {
    expect(isForbiddenAddress("169.254.0.1")).toBe(true);
    expect(isForbiddenAddress("10.0.0.1")).toBe(false);
    expect(isForbiddenAddress("fe80::1%eth0")).toBe(true);
    expect(isForbiddenAddress("ff02::1")).toBe(true);
    expect(isForbiddenAddress("2001:db8::1")).toBe(false);
    expect(isForbiddenAddress("::ffff:224.0.0.1")).toBe(true);
    expect(isForbiddenAddress("64:ff9b:1:a9fe:a9:fe00::")).toBe(true);
    expect(isForbiddenAddress("metadata")).toBe(false);
    expect(isForbiddenAddress("")).toBe(false);
  });
});
