import { execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { exportDelivery } from "../../server/export/index.ts";
import { makeDelivery } from "../helpers/delivery.ts";

const run = promisify(execFile);

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const received: Received[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    received.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks),
    });
    res.end("ok");
  });
});
let base = "";

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, "close");
});

/** Saves the exported command as a script (as the download is), runs it with bash, returns what arrived. */
async function replayWithCurl(d: DeliveryDetail): Promise<Received> {
  const command = exportDelivery(d, "curl", { redact: false, baseUrl: base }).body as string;
  const dir = await mkdtemp(join(tmpdir(), "quayside-curl-"));
  try {
    const script = join(dir, "replay.sh");
    await writeFile(script, `set -o pipefail\n${command}`);
    const before = received.length;
    await run("bash", [script], { timeout: 20_000, maxBuffer: 1 << 20 });
    expect(received.length).toBe(before + 1);
    return received[before] as Received;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const bytesOf = (d: DeliveryDetail) =>
  "text" in d.body ? Buffer.from(d.body.text, "utf8") : Buffer.from(d.body.base64, "base64");

describe("curl export run by real curl", () => {
  it("sends the same method, path, query, headers and JSON body", async () => {
    const d = makeDelivery({
      query: "?status=503&delay=0",
      text: '{"repository":"ns/repo","updated_tags":["latest"]}',
      headers: [
        ["Host", "example.invalid"],
        ["Content-Type", "application/json"],
        ["User-Agent", "Harbor-Webhook/2.8"],
        ["X-Quote", `it's "quoted" $HOME`],
        ["Content-Length", "999"],
      ],
    });
    const got = await replayWithCurl(d);
    expect(got.method).toBe("POST");
    expect(got.url).toBe("/hooks/ci/quay/repo_push?status=503&delay=0");
    expect(got.body.equals(bytesOf(d))).toBe(true);
    expect(got.headers["x-quote"]).toBe(`it's "quoted" $HOME`);
    expect(got.headers["user-agent"]).toBe("Harbor-Webhook/2.8");
    expect(got.headers.accept).toBeUndefined();
  });

  it("keeps quotes, dollars, backslashes, backticks and newlines byte for byte", async () => {
    const text = `{"a":"it's \\"x\\" $(echo pwned) \`id\` \\\\ \\n"}\r\nline 2\n\n$HOME '' "" \\'\n`;
    const got = await replayWithCurl(makeDelivery({ text }));
    expect(got.body.toString("utf8")).toBe(text);
  });

  it("sends bytes that are not UTF-8 (and NUL) exactly, through base64", async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x27, 0x24, 0x5c, 0x0a, 0x80, 0xc3, 0x28, 0x00]);
    const got = await replayWithCurl(makeDelivery({ bytes }));
    expect(got.body.equals(bytes)).toBe(true);
  });

  it("sends a body starting with @ as text, not as a file name", async () => {
    const got = await replayWithCurl(makeDelivery({ text: "@/etc/hostname" }));
    expect(got.body.toString()).toBe("@/etc/hostname");
  });

  it("sends a body larger than one command-line argument may be", async () => {
    const text = JSON.stringify({ blob: "x'$\\".repeat(60_000) });
    const got = await replayWithCurl(makeDelivery({ text }));
    expect(got.body.toString("utf8")).toBe(text);
  });

  it("reproduces other methods without adding headers the sender did not send", async () => {
    const got = await replayWithCurl(makeDelivery({ method: "PUT", text: "a=b", headers: [] }));
    expect(got.method).toBe("PUT");
    expect(got.body.toString()).toBe("a=b");
    expect(got.headers["content-type"]).toBeUndefined();
    expect(got.headers["user-agent"]).toBeUndefined();
  });
});

describe("curl export over TLS", () => {
  it("adds the CA, and the client certificate only when one was presented", () => {
    const withCert = exportDelivery(makeDelivery(), "curl", { redact: true }).body as string;
    expect(withCert).toContain("https://localhost:8443/hooks/ci/quay/repo_push");
    expect(withCert).toContain("--cacert 'certs/ca.pem'");
    expect(withCert).toContain("--cert 'certs/client.pem' --key 'certs/client-key.pem'");
    const d = makeDelivery();
    const noCert = {
      ...d,
      tls: d.tls && { ...d.tls, clientCert: { ...d.tls.clientCert, presented: false } },
    };
    const out = exportDelivery(noCert, "curl", { redact: true }).body as string;
    expect(out).toContain("--cacert");
    expect(out).not.toContain("--cert ");
    const plain = exportDelivery(makeDelivery({ scheme: "http", tls: null }), "curl", { redact: true }).body;
    expect(plain).toContain("http://localhost:8080/");
    expect(plain).not.toContain("--cacert");
  });
});
