import { describe, expect, it } from "vitest";
import { exportDelivery, exportMany, SINGLE_FORMATS } from "../../server/export/index.ts";
import { createNormalizer } from "../../server/export/normalize.ts";
import { createRedactor } from "../../server/export/redact.ts";
import { makeDelivery } from "../helpers/delivery.ts";

const LAN_IP = "192.168.1.20";
const HOST = "quay.corp.internal";
const TOKEN = "s3cr3t-T0ken.value";

/** A capture full of things docs must not publish. */
function leakyDelivery() {
  return makeDelivery({
    query: "?access_token=qs-secret-1&x=1",
    text: JSON.stringify(
      {
        docker_url: `${HOST}/ns/repo`,
        homepage: `https://${HOST}/repository/ns/repo`,
        pushed_from: LAN_IP,
        note: `retry with Bearer ${TOKEN}`,
      },
      null,
      2,
    ),
    headers: [
      ["Host", `${HOST}:8443`],
      ["Content-Type", "application/json"],
      ["X-Forwarded-For", LAN_IP],
      ["Authorization", `Bearer ${TOKEN}`],
      ["Cookie", "session=cookie-secret-2"],
    ],
  });
}

const asText = (body: string | Buffer) => (typeof body === "string" ? body : body.toString("latin1"));
const SECRETS = [LAN_IP, HOST, TOKEN, "qs-secret-1", "cookie-secret-2"];

describe("redaction in exports", () => {
  it.each(SINGLE_FORMATS)("leaves no host, LAN address or token in the %s export by default", (format) => {
    const out = asText(exportDelivery(leakyDelivery(), format, { redact: true }).body);
    for (const secret of SECRETS) expect(out).not.toContain(secret);
  });

  it.each(["md", "curl", "har"] as const)("keeps every original value in %s with redact false", (format) => {
    const out = asText(exportDelivery(leakyDelivery(), format, { redact: false }).body);
    for (const secret of [LAN_IP, HOST, TOKEN]) expect(out).toContain(secret);
  });

  it("gives one host and one address the same placeholder in body, headers and URL", () => {
    const d = leakyDelivery();
    const har = JSON.parse(
      asText(exportDelivery(d, "har", { redact: true, baseUrl: `https://${HOST}:8443` }).body),
    );
    const entry = har.log.entries[0];
    const header = (name: string) =>
      entry.request.headers.find((h: { name: string }) => h.name === name)?.value;
    const body = JSON.parse(entry.request.postData.text);
    expect(header("Host")).toBe("registry.example.com:8443");
    expect(body.docker_url).toBe("registry.example.com/ns/repo");
    expect(body.homepage).toBe("https://registry.example.com/repository/ns/repo");
    expect(entry.request.url.startsWith("https://registry.example.com:8443/hooks/ci/")).toBe(true);
    expect(header("X-Forwarded-For")).toBe("192.0.2.1");
    expect(body.pushed_from).toBe("192.0.2.1");
    expect(header("Authorization")).toBe("Bearer <redacted>");
    expect(header("Cookie")).toBe("<redacted>");
  });

  it("numbers distinct hosts and addresses in order of appearance", () => {
    const r = createRedactor();
    expect(r.text("a.corp.example b.corp.example a.corp.example 10.0.0.1 10.0.0.2 fd00::5")).toBe(
      "registry.example.com registry2.example.com registry.example.com 192.0.2.1 192.0.2.2 2001:db8::1",
    );
  });

  it("keeps JSON keys, media types, event types, localhost and loopback addresses", () => {
    const r = createRedactor();
    const body = JSON.stringify({
      "quay.io": "ok",
      mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      type: "harbor.artifact.pushed",
      resource_url: "localhost/harbor/alpine:3.8",
      addr: "127.0.0.1:5000",
      version: "go1.22.5",
    });
    expect(r.text(body)).toBe(body);
  });

  it("masks credentials in URLs, secret JSON values, extra patterns and hosts with ports", () => {
    const r = createRedactor({ extraPatterns: ["ACME Corp", /cust-\d+/] });
    const out = r.text(
      JSON.stringify({
        url: "https://bob:hunter2@registry.lan:5000/v2/?token=abc123&page=2",
        password: "hunter3",
        owner: "ACME Corp cust-42",
        source: "5f0c2b7d9e1a:5000",
      }),
    );
    expect(JSON.parse(out)).toEqual({
      url: "https://<redacted>@registry.example.com:5000/v2/?token=<redacted>&page=2",
      password: "<redacted>",
      owner: "<redacted> <redacted>",
      source: "registry2.example.com:5000",
    });
  });

  it("masks text inside a body that is not UTF-8 and keeps every other byte", () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0x00, 0xfe]),
      Buffer.from(` host=${HOST} `),
      Buffer.from([0x80]),
    ]);
    const out = exportDelivery(makeDelivery({ bytes }), "raw", { redact: true }).body as Buffer;
    const expected = Buffer.concat([
      Buffer.from([0xff, 0x00, 0xfe]),
      Buffer.from(" host=registry.example.com "),
      Buffer.from([0x80]),
    ]);
    expect(out.equals(expected)).toBe(true);
  });

  it("shares placeholders across all deliveries of one multi-export", () => {
    const a = makeDelivery({ text: `{"u":"https://${HOST}/a"}` });
    const b = makeDelivery({ text: `{"u":"https://other.corp.internal/b","v":"https://${HOST}/c"}` });
    const md = exportMany([a, b], "md", { redact: true }).body as string;
    expect(md).toContain('"u": "https://registry.example.com/a"');
    expect(md).toContain('"v": "https://registry.example.com/c"');
    expect(md).toContain('"u": "https://registry2.example.com/b"');
  });
});

describe("normalisation for docs", () => {
  const capture = (id: string, time: string, uuid: string, digest: string, epoch: number) =>
    makeDelivery({
      id,
      receivedAt: time,
      text: JSON.stringify({
        id: uuid,
        timestamp: time,
        occur_at: epoch,
        digest: `sha256:${digest}`,
        tag: "1.4.2",
      }),
      headers: [
        ["Content-Type", "application/json"],
        ["X-Request-Id", uuid],
      ],
    });
  const first = capture(
    "dm9x2k1a3f00c1d2e",
    "2025-05-01T10:00:00.123Z",
    "9a1f5e2c-3b7d-4c8e-a6f0-2d4b6c8e0a13",
    "a".repeat(64),
    1680502598,
  );
  const second = capture(
    "dm9y7q4b1aa0b9c8d",
    "2025-06-11T22:13:09.987Z",
    "0b6f3f2e-6c1d-4f43-9a3e-2d8e7c5b1a90",
    "b".repeat(64),
    1717000000,
  );

  it.each(["md", "json", "har", "fixture"] as const)("makes two captures identical in %s", (format) => {
    const opts = { redact: true, normalize: true };
    expect(exportDelivery(first, format, opts).body).toEqual(exportDelivery(second, format, opts).body);
    expect(exportDelivery(first, format, { redact: true }).body).not.toEqual(
      exportDelivery(second, format, { redact: true }).body,
    );
  });

  it("keeps the format of each value and numbers ids consistently", () => {
    const n = createNormalizer();
    const u1 = "9a1f5e2c-3b7d-4c8e-a6f0-2d4b6c8e0a13";
    const u2 = "0b6f3f2e-6c1d-4f43-9a3e-2d8e7c5b1a90";
    const out = JSON.parse(
      n.text(
        JSON.stringify({
          a: u1,
          b: u2,
          c: u1,
          t1: "2019-03-06T14:27:53+11:00",
          t2: "2025-08-21T10:15:30.123456789Z",
          pushed_at: 1417566161,
          createdMs: 1417566161,
          size: 1417566161,
        }),
      ),
    );
    expect(out).toEqual({
      a: "00000000-0000-4000-8000-000000000001",
      b: "00000000-0000-4000-8000-000000000002",
      c: "00000000-0000-4000-8000-000000000001",
      t1: "2006-01-02T15:04:05+00:00",
      t2: "2006-01-02T15:04:05.000000000Z",
      pushed_at: 1136214245,
      createdMs: 1417566161,
      size: 1417566161,
    });
  });
});
