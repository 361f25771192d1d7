// Outbound requests at their edges: the wording of each network failure, the target parser's
// refusals, host normalisation, the lookup's address families and agent reuse per TLS option.
import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { normalizeHost } from "../../server/outbound/address.ts";
import { createAgentCache } from "../../server/outbound/agents.ts";
import {
  createGuardedLookup,
  describeNetworkError,
  ForbiddenAddressError,
  isMetadataHost,
  parseTarget,
  refusalFor,
} from "../../server/outbound/index.ts";

const err = (code: string | undefined, message = "boom", cause?: unknown) =>
  Object.assign(new Error(message), { code, cause });

describe("describeNetworkError", () => {
  const http = new URL("http://reg.test:8080/x");
  const https = new URL("https://reg.test/x");
  const cases: [unknown, URL, { code: string; message: string }][] = [
    [
      err("ECONNREFUSED"),
      http,
      { code: "ECONNREFUSED", message: "connection refused: nothing is listening at reg.test:8080" },
    ],
    [
      err("ECONNREFUSED"),
      https,
      { code: "ECONNREFUSED", message: "connection refused: nothing is listening at reg.test:443" },
    ],
    [
      err("ECONNREFUSED"),
      new URL("http://reg.test/"),
      { code: "ECONNREFUSED", message: "connection refused: nothing is listening at reg.test:80" },
    ],
    [err("ENOTFOUND"), http, { code: "ENOTFOUND", message: "host not found: reg.test" }],
    [err("EAI_AGAIN"), http, { code: "EAI_AGAIN", message: "host not found: reg.test" }],
    [
      err("ECONNRESET"),
      http,
      { code: "ECONNRESET", message: "the target at reg.test:8080 reset the connection" },
    ],
    [
      err("UND_ERR_SOCKET"),
      http,
      { code: "UND_ERR_SOCKET", message: "the target at reg.test:8080 reset the connection" },
    ],
    [
      err("UND_ERR_CONNECT_TIMEOUT"),
      http,
      { code: "UND_ERR_CONNECT_TIMEOUT", message: "timed out connecting to reg.test:8080" },
    ],
    [err("ETIMEDOUT"), http, { code: "ETIMEDOUT", message: "timed out connecting to reg.test:8080" }],
    [
      err("UND_ERR_HEADERS_TIMEOUT"),
      http,
      { code: "TIMEOUT", message: "the target at reg.test:8080 did not answer in time" },
    ],
    [
      err("UND_ERR_BODY_TIMEOUT"),
      http,
      { code: "TIMEOUT", message: "the target at reg.test:8080 did not answer in time" },
    ],
    [
      err("EPROTO", "bad record"),
      http,
      { code: "EPROTO", message: "TLS handshake with reg.test:8080 failed: bad record" },
    ],
    [
      err("EFORBIDDENADDR", "169.254.169.254 is bad"),
      http,
      { code: "EFORBIDDENADDR", message: "refused: 169.254.169.254 is bad" },
    ],
    [err("EWHAT", "odd"), http, { code: "EWHAT", message: "odd" }],
    [err(undefined, "plain"), http, { code: "ERROR", message: "plain" }],
    ["a string", http, { code: "ERROR", message: "a string" }],
    [
      err("ERR_SSL_WRONG_VERSION_NUMBER"),
      https,
      {
        code: "ERR_SSL_WRONG_VERSION_NUMBER",
        message: "TLS handshake with reg.test:443 failed: the target speaks plain HTTP on an https:// URL",
      },
    ],
    [
      err("EPROTO", "SSL routines:ssl3_get_record:WRONG VERSION NUMBER"),
      https,
      {
        code: "ERR_SSL_WRONG_VERSION_NUMBER",
        message: "TLS handshake with reg.test:443 failed: the target speaks plain HTTP on an https:// URL",
      },
    ],
    [
      err("DEPTH_ZERO_SELF_SIGNED_CERT"),
      https,
      {
        code: "DEPTH_ZERO_SELF_SIGNED_CERT",
        message:
          "TLS verification failed: the target's certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)",
      },
    ],
    [
      err("CERT_HAS_EXPIRED"),
      https,
      {
        code: "CERT_HAS_EXPIRED",
        message: "TLS verification failed: the target's certificate has expired (CERT_HAS_EXPIRED)",
      },
    ],
  ];
  it.each(cases)("describes %o", (e, url, expected) => {
    expect(describeNetworkError(e, url)).toEqual(expected);
  });

  it("digs through undici's wrappers to the socket error, but stops at a TLS code", () => {
    const wrapped = err(
      "UND_ERR_X",
      "fetch failed",
      err("UND_ERR_Y", "inner", err("ECONNREFUSED", "socket")),
    );
    expect(describeNetworkError(wrapped, new URL("http://a.test:1/")).code).toBe("ECONNREFUSED");
    const tls = err("CERT_HAS_EXPIRED", "expired", err("ECONNRESET", "later"));
    expect(describeNetworkError(tls, new URL("https://a.test/")).code).toBe("CERT_HAS_EXPIRED");
    const stringCause = err("ECONNRESET", "reset", "not an error");
    expect(describeNetworkError(stringCause, new URL("http://a.test:1/")).code).toBe("ECONNRESET");
  });
});

describe("parseTarget refusals", () => {
  const messageOf = (raw: string) => {
    try {
      parseTarget(raw);
      return "accepted";
    } catch (e) {
      const error = e as { status: number; code: string; message: string };
      return `${error.status} ${error.code}: ${error.message}`;
    }
  };
  it("says what is wrong with each bad target", () => {
    expect(messageOf("not a url")).toBe(
      '400 bad_target: "not a url" is not a URL; use http://host:port/path or https://...',
    );
    expect(messageOf(`x${"y".repeat(200)}`)).toContain(`"x${"y".repeat(99)}" is not a URL`);
    expect(messageOf("ftp://reg.test/")).toBe(
      "400 bad_target: only http and https targets are supported, not ftp",
    );
    expect(messageOf("http://169.254.169.254/")).toBe(
      "400 bad_target: 169.254.169.254 is a link-local/cloud-metadata address; Quayside never sends there",
    );
    expect(messageOf("http://METADATA.goog./")).toBe(
      "400 bad_target: metadata.goog is a cloud-metadata host name; Quayside never sends there",
    );
    expect(messageOf("http://u:p@reg.test/")).toBe(
      "400 bad_target: put credentials in an Authorization header, not in the URL",
    );
    expect(messageOf("http://u@reg.test/")).toMatch(/credentials/);
    expect(messageOf("https://reg.test/")).toBe("accepted");
  });
});

describe("host normalisation", () => {
  it("drops brackets and trailing dots and lowers case, nothing else", () => {
    expect(normalizeHost("[FE80::1]")).toBe("fe80::1");
    expect(normalizeHost("Metadata..")).toBe("metadata");
    expect(normalizeHost("a.b.c")).toBe("a.b.c");
    expect(isMetadataHost("instance-data.")).toBe(true);
    expect(isMetadataHost("metadata.example")).toBe(false);
    expect(refusalFor("[fe80::1]")).toBe("fe80::1 is a link-local/cloud-metadata address");
    expect(refusalFor("fe80::1%eth0")).toBe("fe80::1%eth0 is a link-local/cloud-metadata address");
    expect(refusalFor("10.0.0.1")).toBeNull();
  });
});

describe("guarded lookup address families", () => {
  const both: LookupAddress[] = [
    { address: "127.0.0.1", family: 4 },
    { address: "::1", family: 6 },
  ];
  const lookup = createGuardedLookup(async () => both);
  const ask = (options: { all?: boolean; family?: number | string }) =>
    new Promise<{ err: Error | null; address: unknown; family: unknown }>((resolve) =>
      lookup("two.test", options, (e, address, family) => resolve({ err: e, address, family })),
    );

  it("answers the family asked for, by number or by name, and both otherwise", async () => {
    expect(await ask({ family: 6 })).toEqual({ err: null, address: "::1", family: 6 });
    expect(await ask({ family: "IPv6" })).toEqual({ err: null, address: "::1", family: 6 });
    expect(await ask({ family: "IPv4", all: true })).toEqual({
      err: null,
      address: [both[0]],
      family: undefined,
    });
    expect(await ask({ family: 0, all: true })).toMatchObject({ address: both });
    expect(await ask({})).toEqual({ err: null, address: "127.0.0.1", family: 4 });
  });

  it("answers ENOTFOUND when no address of the asked family exists", async () => {
    const v4only = createGuardedLookup(async () => [both[0]!]);
    const r = await new Promise<Error | null>((resolve) =>
      v4only("v4.test", { family: 6 }, (e) => resolve(e)),
    );
    expect(r).toMatchObject({ code: "ENOTFOUND", message: "no address for v4.test" });
  });

  it("names the metadata host it refused", async () => {
    const r = await new Promise<Error | null>((resolve) => lookup("metadata", {}, (e) => resolve(e)));
    expect(r).toBeInstanceOf(ForbiddenAddressError);
    expect(r?.message).toBe("metadata is a cloud-metadata host name");
  });
});

describe("agent cache keys", () => {
  it("gives a different agent to every TLS option that differs", async () => {
    const cache = createAgentCache(
      createGuardedLookup(async () => []),
      16,
    );
    const base = cache.agentFor({});
    const variants = [
      { ca: ["CA1"] },
      { ca: ["CA2"] },
      { cert: { cert: "C", key: "K" } },
      { cert: { cert: "C", key: "K2" } },
      { insecure: true },
      { servername: "reg.test" },
    ];
    const agents = variants.map((v) => cache.agentFor(v));
    expect(new Set([base, ...agents]).size).toBe(variants.length + 1);
    expect(cache.agentFor({ insecure: false })).toBe(base);
    expect(cache.agentFor({ ca: ["CA1"] })).toBe(agents[0]);
    await cache.close();
  });
});
