// Failed TLS handshakes survive a restart: a sender that refuses Quayside's certificate is
// recorded in <data>/connections.json and still listed, with the reason in words, by
// GET /api/connections after the server restarts on the same data dir.
import { spawn, spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { connect } from "node:tls";
import { afterAll, describe, expect, it } from "vitest";
import type { TlsErrorEvent } from "../../server/contract/index.ts";
import { connectLive } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const dir of new Set(servers.map((s) => s.dataDir))) await rm(dir, { recursive: true, force: true });
});

/**
 * A TLS client that does not trust Quayside's CA (no `ca`): it drops the connection before it
 * finishes the handshake, as a registry without certs/ca.pem does. Resolves with its local port.
 */
function refuseQuaysideCert(httpsUrl: string): Promise<number> {
  const url = new URL(httpsUrl);
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port: Number(url.port), servername: "localhost" });
    let port = 0;
    socket.once("connect", () => {
      port = socket.localPort as number;
    });
    // "self-signed certificate in certificate chain": the client gave up on Quayside
    socket.once("error", () => resolve(port));
  });
}

/** OpenSSL's own client checks the certificate inside the handshake and sends the alert. */
const HAVE_OPENSSL = spawnSync("openssl", ["version"]).status === 0;

/** `openssl s_client` trusting only the system CAs: it aborts with alert 48 (unknown ca). */
function opensslRefuses(httpsUrl: string): Promise<void> {
  const { port } = new URL(httpsUrl);
  const args = ["s_client", "-connect", `127.0.0.1:${port}`, "-servername", "localhost"];
  args.push("-verify_return_error", "-CAfile", "/etc/ssl/certs/ca-certificates.crt");
  return new Promise((resolve, reject) => {
    const child = spawn("openssl", args, { stdio: ["ignore", "ignore", "ignore"] });
    child.once("error", reject);
    child.once("exit", () => resolve());
  });
}

const listConnections = async (s: TestServer) =>
  (await (await fetch(`${s.console}/api/connections`)).json()) as TlsErrorEvent[];

describe("failed TLS handshakes", () => {
  it("are still listed, with the reason in words, after a restart on the same data dir", async () => {
    const first = await startTestServer();
    servers.push(first);
    const live = await connectLive(first.console);
    const port = await refuseQuaysideCert(first.https);
    const remote = `127.0.0.1:${port}`;
    await live.waitFor((m) => m.type === "tls-error" && m.remote === remote);
    live.close();
    await first.close();

    const second = await startTestServer({ data: first.dataDir });
    servers.push(second);
    const listed = (await listConnections(second)).find((e) => e.remote === remote);
    expect(listed).toMatchObject({
      remote,
      explanation: expect.stringContaining("does not trust Quayside's certificate; give it certs/ca.pem"),
    });
    expect(listed?.reason).toBeTypeOf("string");
  });

  it.skipIf(!HAVE_OPENSSL)("say that alert 48 means the sender does not trust Quayside's CA", async () => {
    const server = await startTestServer();
    servers.push(server);
    const live = await connectLive(server.console);
    await opensslRefuses(server.https);
    const message = await live.waitFor((m) => m.type === "tls-error");
    live.close();
    expect(message.reason).toMatch(/alert number 48/);
    const listed = await listConnections(server);
    expect(listed[0]?.explanation).toBe(
      "the sender does not trust Quayside's CA; give it certs/ca.pem (its CA bundle or extra_ca_certs)",
    );
  });
});
