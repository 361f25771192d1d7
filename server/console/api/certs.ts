// /api/certs: Quayside's CA, server and client certificates (details + downloads; never a
// private key) and the per-registry set-up steps.
import { X509Certificate } from "node:crypto";
import { Hono } from "hono";
import { type CertSummary, type CertsView, ERROR_CODES } from "../../contract/index.ts";
import { setupSteps } from "../../core/catalog/setup-steps.ts";
import { AppError } from "../../errors.ts";
import type { LoadedCerts } from "../../tls/certs.ts";
import { splitAltNames } from "../../tls/names.ts";
import { downloadHeaders } from "../headers.ts";

function describe(pem: string, path: string, download: string): CertSummary {
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

/**
 * Files a user may download: certificates only. No private key is ever served, not even the
 * client's: a page that ran script on this origin could otherwise take it and sign as Quayside.
 * The Certificates page shows where the client key lies on disk instead.
 */
function downloads(certs: LoadedCerts): Map<string, string> {
  return new Map([
    ["ca.pem", certs.ca],
    ["server.pem", certs.server.cert],
    ["client.pem", certs.client.cert],
  ]);
}

export function createCertsApi(certs: LoadedCerts, httpsUrl: () => string | null) {
  const app = new Hono();
  app.get("/certs", (c) =>
    c.json<CertsView>({
      ca: describe(certs.ca, certs.paths.ca, "/api/certs/ca.pem"),
      server: describe(certs.server.cert, certs.paths.server, "/api/certs/server.pem"),
      client: describe(certs.client.cert, certs.paths.client, "/api/certs/client.pem"),
      clientKey: { path: certs.paths.clientKey },
      trusted: certs.trustedCas.length - 1,
      setup: setupSteps(certs, httpsUrl() ?? undefined),
    }),
  );
  app.get("/certs/:file", (c) => {
    const file = c.req.param("file");
    const body = downloads(certs).get(file);
    if (body === undefined) throw new AppError(404, ERROR_CODES.NOT_FOUND, "no such certificate file");
    return c.body(body, 200, {
      "content-type": "application/x-pem-file",
      ...downloadHeaders(`quayside-${file}`),
    });
  });
  return app;
}
