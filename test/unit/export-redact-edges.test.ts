// Redaction at its edges: which headers are secrets, which host names and addresses stay, how
// placeholders are numbered past the first block, and which dotted words count as hosts.
import { describe, expect, it } from "vitest";
import { createRedactor, REDACTED } from "../../server/export/redact.ts";

describe("redacted headers", () => {
  const r = createRedactor();
  const one = (name: string, value: string) => r.headers([[name, value]])[0]?.[1];

  it("masks secret headers by name, in any case, keeping the auth scheme word", () => {
    expect(one("Proxy-Authorization", "Basic dXNlcjpwYXNz")).toBe(`Basic ${REDACTED}`);
    expect(one("authorization", "token abc")).toBe(`token ${REDACTED}`);
    expect(one("Authorization", "AWS4-HMAC-SHA256 Credential=x")).toBe(`AWS4-HMAC-SHA256 ${REDACTED}`);
    expect(one("Authorization", "opaque-value")).toBe(REDACTED);
    expect(one("Authorization", "Bearer ")).toBe(REDACTED);
    for (const name of ["Set-Cookie", "X-Registry-Auth", "X-Auth-Token", "X-API-Key", "Api-Key"]) {
      expect(one(name, "v")).toBe(REDACTED);
    }
    for (const name of ["X-Hub-Signature", "X-Gitlab-Token", "Webhook-Secret-Key", "X-Password"]) {
      expect(one(name, "v")).toBe(REDACTED);
    }
  });

  it("keeps a scheme-looking value of a non-authorization secret header out of the output", () => {
    expect(one("X-Auth-Token", "Bearer abcdef")).toBe(REDACTED);
  });

  it("leaves headers whose names only contain a secret word inside another word", () => {
    expect(one("X-Tokens-Left", "5")).toBe("5");
    expect(one("X-Secretary", "bob")).toBe("bob");
    expect(one("Cookie-Policy", "strict")).toBe("strict");
  });

  it("rewrites Host-like headers, keeping the port and the brackets of an IPv6 address", () => {
    const h = createRedactor();
    expect(
      h.headers([
        ["Host", "quay.corp:8443"],
        ["X-Forwarded-Host", " quay.corp "],
        [":authority", "[fd00::7]:443"],
        ["Host", "10.1.2.3"],
        ["Host", "[not-ip]"],
      ]),
    ).toEqual([
      ["Host", "registry.example.com:8443"],
      ["X-Forwarded-Host", "registry.example.com"],
      [":authority", "[2001:db8::1]:443"],
      ["Host", "192.0.2.1"],
      ["Host", "[not-ip]"],
    ]);
  });

  it("treats any other header value as free text", () => {
    expect(createRedactor().headers([["Via", "1.1 proxy.corp.internal"]])).toEqual([
      ["Via", "1.1 registry.example.com"],
    ]);
  });
});

describe("hosts and addresses that stay", () => {
  it("keeps localhost names, public spec hosts and configured hosts, in any case", () => {
    const r = createRedactor({ keepHosts: ["Docs.Acme.COM"] });
    const text =
      "app.localhost json-schema.org www.w3.org schema.org cloudevents.io docs.acme.com LOCALHOST:80";
    expect(r.text(text)).toBe(text);
  });

  it("keeps loopback and unspecified addresses", () => {
    const r = createRedactor();
    expect(r.text("127.8.9.10 0.0.0.0 ::1 :: [::1]:80")).toBe("127.8.9.10 0.0.0.0 ::1 :: [::1]:80");
  });

  it("keeps times, version numbers and non-addresses that look a little like them", () => {
    const r = createRedactor();
    const text = "at 10:15:30, v1.2.3.4.5, 256.1.1.1, 1.2.3, README.md, setup.py";
    expect(r.text(text)).toBe(text);
  });
});

describe("placeholders", () => {
  it("moves to the next documentation block after 254 IPv4 addresses, and counts IPv6 in hex", () => {
    const r = createRedactor();
    const v4 = Array.from({ length: 256 }, (_, i) => `10.0.${i >> 8}.${i & 255}`).join(" ");
    const out = r.text(v4).split(" ");
    expect(out[0]).toBe("192.0.2.1");
    expect(out[253]).toBe("192.0.2.254");
    expect(out[254]).toBe("198.51.100.1");
    expect(out[255]).toBe("198.51.100.2");
    const v6 = Array.from({ length: 11 }, (_, i) => `fd00::${i + 100}`).join(" ");
    expect(r.text(v6).split(" ").at(-1)).toBe("2001:db8::b");
  });

  it("gives a host the same placeholder whatever its case, and an IPv6 address too", () => {
    const r = createRedactor();
    expect(r.text("Quay.Corp.Internal quay.corp.internal FD00::1 fd00::1")).toBe(
      "registry.example.com registry.example.com 2001:db8::1 2001:db8::1",
    );
  });
});

describe("what counts as a host", () => {
  const r = () => createRedactor();
  it("a dotted name with a known top-level label, or any name followed by a port, a path or after @", () => {
    expect(r().text("see myreg.acme:5000 and myreg.acme/ns/repo")).toBe(
      "see registry.example.com:5000 and registry.example.com/ns/repo",
    );
    expect(r().text("mail ops@build.acme")).toBe("mail ops@registry.example.com");
    expect(r().text("plain build.acme here")).toBe("plain build.acme here");
    expect(r().text("Registry.Corp")).toBe("registry.example.com");
  });

  it("a one-label name only before a port and only with a letter in it", () => {
    expect(r().text("addr buildbox:5000")).toBe("addr registry.example.com:5000");
    expect(r().text("addr 12345:5000")).toBe("addr 12345:5000");
  });

  it("masks the credential of a URL's userinfo but keeps a bare user name", () => {
    expect(r().text("git://deploy@git.corp.internal/x")).toBe("git://deploy@registry.example.com/x");
    expect(r().text("https://a:b@[fd00::9]:8443/")).toBe(`https://${REDACTED}@[2001:db8::1]:8443/`);
    expect(r().text("https://[zz]/")).toBe("https://[zz]/");
  });

  it("keeps an empty secret parameter as it is", () => {
    expect(r().text("/hook?token=&page=1")).toBe("/hook?token=&page=1");
    expect(r().text("/hook?SIG=abc")).toBe(`/hook?SIG=${REDACTED}`);
  });

  it("masks bearer and basic credentials and JWTs in free text", () => {
    expect(r().text("use Bearer abcdef123 now")).toBe(`use Bearer ${REDACTED} now`);
    expect(r().text("basic auth is off")).toBe("basic auth is off");
    expect(r().text("id eyJhbGciOi.eyJzdWIiOi.sig-_x")).toBe(`id ${REDACTED}`);
  });
});

describe("JSON bodies", () => {
  it("masks secret keys' values unless empty, keeps keys, and rewrites other strings", () => {
    const r = createRedactor();
    const out = JSON.parse(
      r.text(
        JSON.stringify({
          token: "t",
          api_key: "k",
          apikey: "k2",
          Authorization: "Bearer x",
          db_password: "p",
          client_secret_hint: "s",
          auth: "",
          tokens: 3,
          author: "quay.corp.internal",
        }),
      ),
    );
    expect(out).toEqual({
      token: REDACTED,
      api_key: REDACTED,
      apikey: REDACTED,
      Authorization: REDACTED,
      db_password: REDACTED,
      client_secret_hint: REDACTED,
      auth: "",
      tokens: 3,
      author: "registry.example.com",
    });
  });

  it("applies extra patterns and the URL rewriter to urls", () => {
    const r = createRedactor({ extraPatterns: ["team-x"] });
    expect(r.url("https://quay.corp/team-x?access_token=zzz")).toBe(
      `https://registry.example.com/${REDACTED}?access_token=${REDACTED}`,
    );
  });
});
