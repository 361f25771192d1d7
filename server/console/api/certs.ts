// /api/certs: Quayside's CA, server and client certificates (details + downloads) and the
// per-registry set-up steps.
import { X509Certificate } from "node:crypto";
import { Hono } from "hono";
import { setupSteps } from "../../commands/certs.ts";
import { ERROR_CODES } from "../../contract/index.ts";
import { AppError } from "../../errors.ts";
import type { LoadedCerts } from "../../tls/certs.ts";
import { splitAltNames } from "../../tls/pki.ts";

function describe(pem: string, path: string, download: string) {
  const x = new X509Certificate(pem);
  return {
    path,
    subject: x.subject,
    issuer: x.issuer,
    sans: splitAltNames(x.subjectAltName),
    fingerprint256: x.fingerprint256,
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: new Date(x.validTo).toISOString(),
    download,
  };
}

/** Files a user may download; never the CA or server private keys. */
const DOWNLOADS = ["ca.pem", "server.pem", "client.pem", "client-key.pem"] as const;

export function createCertsApi(certs: LoadedCerts, httpsUrl: () => string | null) {
  const app = new Hono();
  app.get("/certs", (c) =>
    c.json({
      ca: describe(certs.ca, certs.paths.ca, "/api/certs/ca.pem"),
      server: describe(certs.server.cert, certs.paths.server, "/api/certs/server.pem"),
      client: describe(certs.client.cert, certs.paths.client, "/api/certs/client.pem"),
      clientKey: { path: certs.paths.clientKey, download: "/api/certs/client-key.pem" },
      trusted: certs.trustedCas.length - 1,
      setup: setupSteps(certs, httpsUrl() ?? undefined),
    }),
  );
  app.get("/certs/:file", (c) => {
    const file = c.req.param("file") as (typeof DOWNLOADS)[number];
    if (!DOWNLOADS.includes(file)) throw new AppError(404, ERROR_CODES.NOT_FOUND, "no such certificate file");
    const body = {
      "ca.pem": certs.ca,
      "server.pem": certs.server.cert,
      "client.pem": certs.client.cert,
      "client-key.pem": certs.client.key,
    }[file];
    return c.body(body, 200, {
      "content-type": "application/x-pem-file",
      "content-disposition": `attachment; filename="quayside-${file}"`,
    });
  });
  return app;
}
