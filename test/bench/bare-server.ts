// The benchmark's baseline: a bare node:https server that reads the body and answers 200
// (with `--mtls`, it also requests and verifies client certificates).
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import { join } from "node:path";

const certs = process.argv[2] as string;
const mtls = process.argv.includes("--mtls");
const server = createServer(
  {
    key: readFileSync(join(certs, "server-key.pem")),
    cert: readFileSync(join(certs, "server.pem")),
    ca: readFileSync(join(certs, "ca.pem")),
    requestCert: mtls,
    rejectUnauthorized: false,
  },
  (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (mtls) (req.socket as import("node:tls").TLSSocket).getPeerCertificate();
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
  },
);
server.keepAliveTimeout = 5000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address() as import("node:net").AddressInfo;
  process.stdout.write(`LISTENING ${address.port}\n`);
});
