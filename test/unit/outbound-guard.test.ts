// The outbound address guard, at unit level: parse-time refusals, unmapping, the guarded DNS
// lookup with an injected resolver, and the bounded agent cache. Nothing here connects.
import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { createAgentCache } from "../../server/outbound/agents.ts";
import {
  assertAllowedTarget,
  createGuardedLookup,
  embeddedIPv4,
  isForbiddenAddress,
  parseTarget,
} from "../../server/outbound/index.ts";

const REFUSED = [
  "http://169.254.169.254/latest/meta-data/",
  "http://[::ffff:169.254.169.254]/",
  "http://[::ffff:a9fe:a9fe]/",
  "http://[64:ff9b::a9fe:a9fe]/",
  "http://[::a9fe:a9fe]/",
  "http://[::ffff:0:a9fe:a9fe]/",
  "http://[64:ff9b:1::a9fe:a9fe]/",
  "http://[fe80::1]/",
  "http://[fd00:ec2::254]/",
  "http://0.0.0.0:8080/",
  "http://[::]/",
  "http://2852039166/", // 169.254.169.254 as one decimal number
  "http://100.100.100.200/",
  "http://metadata.google.internal/computeMetadata/v1/",
  "https://METADATA.GOOGLE.INTERNAL./",
  "http://metadata/",
  "http://metadata.goog/",
  "http://instance-data/",
  "http://instance-data.ec2.internal./",
];
const ALLOWED = [
  "http://127.0.0.1:3000/hook",
  "http://[::1]:3000/",
  "http://localhost:3000/",
  "http://10.1.2.3/",
  "http://192.168.1.5/",
  "http://172.16.0.1/",
  "http://[::ffff:127.0.0.1]:3000/",
  "http://[64:ff9b::a01:203]/",
  "https://hooks.example.com/",
];

describe("outbound targets", () => {
  it.each(REFUSED)("refuses %s before any connection, with a 400 that says why", (raw) => {
    let error: unknown;
    try {
      parseTarget(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ status: 400, code: "bad_target" });
    expect((error as Error).message).toMatch(
      /(link-local\/cloud-metadata address|cloud-metadata host name); Quayside never sends there/,
    );
    expect(() => assertAllowedTarget(new URL(raw))).toThrow(
      expect.objectContaining({ code: "EFORBIDDENADDR" }),
    );
  });

  it.each(ALLOWED)("allows %s (loopback, LAN and public targets stay usable)", (raw) => {
    expect(parseTarget(raw).href).toBe(new URL(raw).href);
    expect(() => assertAllowedTarget(new URL(raw))).not.toThrow();
  });

  it("unmaps IPv4 carried in IPv6 before judging it", () => {
    expect(embeddedIPv4("::ffff:a9fe:a9fe")).toEqual(["169.254.169.254"]);
    expect(embeddedIPv4("64:ff9b::a9fe:a9fe")).toEqual(["169.254.169.254"]);
    expect(embeddedIPv4("::a9fe:a9fe")).toEqual(["169.254.169.254"]);
    expect(embeddedIPv4("::1")).toEqual([]);
    expect(embeddedIPv4("2001:db8::a9fe:a9fe")).toEqual([]);
    // 64:ff9b:1::/48 with a /48 prefix: the IPv4 sits in bits 48-87 around the u octet
    expect(isForbiddenAddress("64:ff9b:1:a9fe:a9:fe00::")).toBe(true);
    expect(isForbiddenAddress("64:ff9b:1:a01:2:300::")).toBe(false);
    expect(isForbiddenAddress("::ffff:7f00:1")).toBe(false);
  });
});

const answers =
  (table: Record<string, LookupAddress[]>, asked: string[] = []) =>
  async (hostname: string) => {
    asked.push(hostname);
    const found = Object.hasOwn(table, hostname) ? table[hostname] : undefined;
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return found;
  };

const lookupOnce = (lookup: ReturnType<typeof createGuardedLookup>, host: string, all: boolean) =>
  new Promise<{ err: Error | null; address: unknown }>((resolve) =>
    lookup(host, { all }, (err, address) => resolve({ err, address })),
  );

describe("guarded DNS lookup", () => {
  const resolver = answers({
    "evil.test": [{ address: "169.254.169.254", family: 4 }],
    "mixed.test": [
      { address: "127.0.0.1", family: 4 },
      { address: "::ffff:a9fe:a9fe", family: 6 },
    ],
    "good.test": [
      { address: "127.0.0.1", family: 4 },
      { address: "::1", family: 6 },
    ],
  });

  it("refuses a name that resolves to a link-local address, even when one answer of several", async () => {
    const lookup = createGuardedLookup(resolver);
    for (const all of [true, false]) {
      const evil = await lookupOnce(lookup, "evil.test", all);
      expect(evil.err).toMatchObject({ code: "EFORBIDDENADDR" });
      expect(evil.err?.message).toBe(
        "evil.test resolves to 169.254.169.254, a link-local/cloud-metadata address",
      );
      expect((await lookupOnce(lookup, "mixed.test", all)).err).toMatchObject({ code: "EFORBIDDENADDR" });
    }
  });

  it("refuses metadata names without asking the resolver", async () => {
    const asked: string[] = [];
    const lookup = createGuardedLookup(answers({}, asked));
    const r = await lookupOnce(lookup, "Metadata.Google.Internal.", true);
    expect(r.err).toMatchObject({ code: "EFORBIDDENADDR" });
    expect(asked).toEqual([]);
  });

  it("passes allowed answers on in the shape net.connect asked for", async () => {
    const lookup = createGuardedLookup(resolver);
    expect((await lookupOnce(lookup, "good.test", true)).address).toEqual([
      { address: "127.0.0.1", family: 4 },
      { address: "::1", family: 6 },
    ]);
    expect((await lookupOnce(lookup, "good.test", false)).address).toBe("127.0.0.1");
    expect((await lookupOnce(lookup, "nowhere.test", true)).err).toMatchObject({ code: "ENOTFOUND" });
  });
});

describe("agent cache", () => {
  it("reuses one agent per TLS option set and stays bounded", async () => {
    const cache = createAgentCache(createGuardedLookup(answers({})), 2);
    const a = cache.agentFor({ insecure: false });
    expect(cache.agentFor({ insecure: false })).toBe(a);
    const b = cache.agentFor({ insecure: true });
    expect(b).not.toBe(a);
    cache.agentFor({ insecure: true, servername: "localhost" }); // evicts the oldest (a)
    expect(cache.agentFor({ insecure: true })).toBe(b);
    expect(cache.agentFor({ insecure: false })).not.toBe(a);
    await cache.close();
  });
});
