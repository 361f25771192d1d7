// The benchmark's baselines: a bare node:https server that reads the body and answers 200.
// `--mtls`: it also requests client certificates and verifies them (the handshake fails for one
// the CA did not issue, and each request checks the verdict), as Quayside does.
// `--ask-cert`: it asks every connection for a client certificate and takes those without one,
// as Quayside must (Quay proves itself only that way).
// `--durable FILE`: the durable-before-ack limit: every body is appended to FILE with O_DSYNC
// before its 200, bodies that arrive together sharing one append (group commit), as Quayside's
// store does. What Quayside adds beyond that is classification, validation, indexing and live.
import { closeSync, constants, openSync, readFileSync, writev } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";

const certs = process.argv[2] as string;
const mtls = process.argv.includes("--mtls");
const askCert = mtls || process.argv.includes("--ask-cert");
const durableAt = process.argv.indexOf("--durable");
const durableFile = durableAt > 0 ? process.argv[durableAt + 1] : undefined;

const NEWLINE = Buffer.from("\n");
const fd = durableFile
  ? openSync(
      durableFile,
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC,
      0o600,
    )
  : null;
let batch: { body: Buffer; res: ServerResponse }[] = [];
let writing = false;

const ok = (res: ServerResponse) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end('{"ok":true}');
};

/** One append for everything that arrived while the previous one was on its way to disk. */
function flush() {
  if (writing || batch.length === 0 || fd === null) return;
  writing = true;
  const done = batch;
  batch = [];
  writev(
    fd,
    done.flatMap((b) => [NEWLINE, b.body]),
    (err) => {
      writing = false;
      for (const b of done) {
        if (err) b.res.writeHead(503).end();
        else ok(b.res);
      }
      flush();
    },
  );
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (mtls && !(req.socket as TLSSocket).authorized) {
      res.writeHead(403).end();
      return;
    }
    if (fd === null) return ok(res);
    batch.push({ body: Buffer.concat(chunks), res });
    flush();
  });
}

const server = createServer(
  {
    key: readFileSync(join(certs, "server-key.pem")),
    cert: readFileSync(join(certs, "server.pem")),
    ca: readFileSync(join(certs, "ca.pem")),
    requestCert: askCert,
    rejectUnauthorized: mtls,
  },
  handle,
);
server.keepAliveTimeout = 5000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address() as import("node:net").AddressInfo;
  process.stdout.write(`LISTENING ${address.port}\n`);
});
process.on("exit", () => {
  if (fd !== null) closeSync(fd);
});
