// Client certificates end to end: real TLS with certificates made by the tests, every verdict
// and reason in report mode, 401/403/200 in require mode, nothing lost either way; curl and
// Python requests as real clients; failed handshakes recorded as connection events.
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryDetail, TlsErrorEvent } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { makeTestPki, type TestCert, type TestPki } from "../helpers/pki.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const run = promisify(execFile);
let pki: TestPki;
let server: TestServer;
let serverCa: string;
let certsDir: string;

beforeAll(async () => {
  pki = await makeTestPki();
  certsDir = await mkdtemp(join(tmpdir(), "quayside-mtls-"));
  await mkdir(join(certsDir, "trusted"), { recursive: true });
  await copyFile(pki.ca.certFile, join(certsDir, "trusted", "test-ca.pem"));
  server = await startTestServer({ certs: certsDir });
  serverCa = await readFile(join(certsDir, "ca.pem"), "utf8");
  await putEndpoint("strict", { clientCert: { mode: "require", pins: [] } });
});
afterAll(async () => {
  await server?.dispose();
  await rm(certsDir, { recursive: true, force: true });
});

async function putEndpoint(name: string, body: object) {
  const res = await fetch(`${server.console}/api/endpoints/${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function post(endpoint: string, cert?: TestCert) {
  const res = await send(`${server.https}/hooks/${endpoint}`, {
    body: '{"probe":true}',
    ca: serverCa,
    ...(cert ? { cert: cert.cert, key: cert.key } : {}),
  });
  const id = String(res.headers["x-quayside-delivery"]);
  const detail = (await (await fetch(`${server.console}/api/deliveries/${id}`)).json()) as DeliveryDetail;
  return { status: res.status, body: res.body, detail };
}

describe("client certificates in report mode (the default)", () => {
  const cases: [string, () => TestCert | undefined, string, RegExp | null][] = [
    ["no certificate", () => undefined, "none", null],
    ["a certificate from a trusted CA", () => pki.client, "trusted", null],
    ["a certificate from another CA", () => pki.otherClient, "untrusted", /CA Quayside does not trust/],
    ["an expired certificate", () => pki.expiredClient, "untrusted", /expired/],
    [
      "a serverAuth-only certificate (Quay's habit)",
      () => pki.serverAuthOnlyClient,
      "untrusted",
      /serverAuth only.*pin its fingerprint/,
    ],
    ["a certificate issued through an intermediate CA", () => pki.intermediateClient, "trusted", null],
    ["a self-signed certificate", () => pki.selfSigned, "untrusted", /self-signed/],
  ];
  it.each(cases)("records the verdict for %s and answers 200", async (_name, cert, verdict, reason) => {
    const { status, detail } = await post("report", cert());
    expect(status).toBe(200);
    expect(detail.clientCert.verdict).toBe(verdict);
    expect(detail.tls?.clientCert.verdict).toBe(verdict);
    if (reason) expect(detail.tls?.clientCert.reason).toMatch(reason);
    if (cert()) {
      expect(detail.tls?.clientCert.details?.fingerprint256).toBe(cert()?.fingerprint256);
      expect(detail.tls?.clientCert.details?.subject).toContain("CN=");
    }
  });

  it("lists the chain of a certificate issued through an intermediate", async () => {
    const { detail } = await post("report", pki.intermediateClient);
    expect(detail.tls?.clientCert.details?.chain.length).toBeGreaterThanOrEqual(2);
  });

  it("accepts a serverAuth-only certificate once its fingerprint is pinned", async () => {
    await putEndpoint("pinned", {
      clientCert: { mode: "require", pins: [pki.serverAuthOnlyClient.fingerprint256] },
    });
    const { status, detail } = await post("pinned", pki.serverAuthOnlyClient);
    expect(status).toBe(200);
    expect(detail.clientCert.verdict).toBe("pinned");
  });
});

describe("client certificates in require mode", () => {
  it("answers 401 without a certificate, 403 for an untrusted one, 200 for a trusted one, recording all", async () => {
    const none = await post("strict");
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error.code).toBe("client_cert_required");
    const other = await post("strict", pki.otherClient);
    expect(other.status).toBe(403);
    expect(JSON.parse(other.body).error.message).toMatch(/does not trust/);
    const expired = await post("strict", pki.expiredClient);
    expect(expired.status).toBe(403);
    const good = await post("strict", pki.client);
    expect(good.status).toBe(200);
    const list = (await (await fetch(`${server.console}/api/deliveries?endpoint=strict`)).json()) as {
      items: unknown[];
    };
    expect(list.items).toHaveLength(4);
  });
});

describe("real clients", () => {
  it("curl --cert/--key is trusted", async () => {
    const { stdout } = await run("curl", [
      "-sS",
      "--cacert",
      join(certsDir, "ca.pem"),
      "--cert",
      pki.client.certFile,
      "--key",
      pki.client.keyFile,
      "-H",
      "Content-Type: application/json",
      "-d",
      '{"from":"curl"}',
      `${server.https.replace("127.0.0.1", "localhost")}/hooks/curl`,
    ]);
    const id = JSON.parse(stdout).delivery;
    const detail = (await (await fetch(`${server.console}/api/deliveries/${id}`)).json()) as DeliveryDetail;
    expect(detail.clientCert.verdict).toBe("trusted");
  });

  it("Python requests with cert=(...) is trusted (where python3 with requests is present)", async (ctx) => {
    const probe = await run("python3", ["-c", "import requests"]).then(
      () => true,
      () => false,
    );
    if (!probe) return ctx.skip();
    const script = [
      "import json, sys, requests",
      "r = requests.post(sys.argv[1], json={'from': 'python'}, cert=(sys.argv[2], sys.argv[3]), verify=sys.argv[4], timeout=10)",
      "print(r.json()['delivery'])",
    ].join("\n");
    const url = `${server.https.replace("127.0.0.1", "localhost")}/hooks/python`;
    const { stdout } = await run("python3", [
      "-c",
      script,
      url,
      pki.client.certFile,
      pki.client.keyFile,
      join(certsDir, "ca.pem"),
    ]);
    const detail = (await (
      await fetch(`${server.console}/api/deliveries/${stdout.trim()}`)
    ).json()) as DeliveryDetail;
    expect(detail.clientCert.verdict).toBe("trusted");
    expect(detail.headers.find(([k]) => k.toLowerCase() === "user-agent")?.[1]).toMatch(/python-requests/);
  });

  it("records a failed handshake as a connection event", async () => {
    const before = ((await (await fetch(`${server.console}/api/connections`)).json()) as TlsErrorEvent[])
      .length;
    // a client that does not trust the server aborts the handshake with an alert
    await new Promise<void>((resolve) => {
      const socket = connect({
        port: Number(new URL(server.https).port),
        host: "127.0.0.1",
        servername: "localhost",
      });
      socket.on("error", () => resolve());
      socket.on("secureConnect", () => {
        socket.destroy();
        resolve();
      });
    });
    let events: TlsErrorEvent[] = [];
    for (let i = 0; i < 40; i++) {
      events = (await (await fetch(`${server.console}/api/connections`)).json()) as TlsErrorEvent[];
      if (events.length > before) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(events.length).toBeGreaterThan(before);
    expect(events[0]?.remote).toContain("127.0.0.1");
    expect(events[0]?.reason).toBeTruthy();
  });
});
