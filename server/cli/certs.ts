// `quayside certs`: where the certificates are, what names and fingerprints they carry, and the
// steps that make each registry trust the local CA (the steps themselves live in the core's
// catalog, shared with the console).
import { X509Certificate } from "node:crypto";
import { isLoopback } from "../config.ts";
import { REGISTRY_IDS, REGISTRY_LABELS } from "../contract/types.ts";
import { DEFAULT_RECEIVER_URL, setupSteps } from "../core/catalog/setup-steps.ts";
import type { LoadedCerts } from "../tls/certs.ts";
import { receiverBases } from "../urls.ts";

export interface RunCertsOptions {
  json?: boolean;
  /** The receiver's HTTPS base URL as started (default `https://localhost:8443`). */
  httpsUrl?: string;
  /** The receiver listens on loopback only: no LAN URL would answer, so none is suggested. */
  loopbackOnly?: boolean;
}

/**
 * The HTTPS URL to show for a receiver bound to `host` on `port`: localhost for a wildcard bind
 * (the LAN name is derived from the certificate), else the bind address itself.
 * @example receiverUrlFor("127.0.0.1", 9443) // { httpsUrl: "https://127.0.0.1:9443", loopbackOnly: true }
 */
export function receiverUrlFor(host: string, port: number): Required<Omit<RunCertsOptions, "json">> {
  const bases = receiverBases("https", port, host);
  const httpsUrl = bases.find((b) => new URL(b).hostname === "localhost") ?? bases[0] ?? DEFAULT_RECEIVER_URL;
  return { httpsUrl, loopbackOnly: isLoopback(host) };
}

interface CertSummary {
  file: string;
  subject: string;
  fingerprint256: string;
  validTo: string;
}

function summarize(file: string, pem: string): CertSummary {
  const cert = new X509Certificate(pem);
  return {
    file,
    subject: cert.subject.replaceAll("\n", ", "),
    fingerprint256: cert.fingerprint256,
    validTo: new Date(cert.validTo).toISOString(),
  };
}

/**
 * Renders `quayside certs`: paths, names, fingerprints, expiry and the set-up steps, as text or JSON.
 * @example console.log(runCerts(await ensureCerts("certs"), { httpsUrl: "https://localhost:8443" }));
 */
export function runCerts(loaded: LoadedCerts, opts: RunCertsOptions = {}): string {
  const url = (opts.httpsUrl ?? DEFAULT_RECEIVER_URL).replace(/\/+$/, "");
  const { paths } = loaded;
  const certificates = {
    ca: summarize(paths.ca, loaded.ca),
    server: summarize(paths.server, loaded.server.cert),
    client: summarize(paths.client, loaded.client.cert),
  };
  const trusted = loaded.trustedCas.map((pem) => {
    const { subject, fingerprint256 } = summarize("", pem);
    return { subject, fingerprint256 };
  });
  const setup = setupSteps(loaded, url, !!opts.loopbackOnly);
  const curl =
    `curl --cacert ${paths.ca} --cert ${paths.client} --key ${paths.clientKey} ` +
    `-H 'content-type: application/json' -d '{"hello":"quayside"}' ${url}/hooks/test`;
  if (opts.json) {
    return JSON.stringify(
      {
        paths,
        sans: loaded.sans,
        certificates,
        trustedCas: trusted,
        generated: loaded.generated,
        receiver: { httpsUrl: url, loopbackOnly: !!opts.loopbackOnly },
        setup,
        curl,
      },
      null,
      2,
    );
  }
  const lines = [`Quayside certificates in ${paths.dir}`, ""];
  for (const [label, cert] of Object.entries(certificates)) {
    lines.push(`${label.padEnd(7)}${cert.file}`, `       ${cert.subject}, expires ${cert.validTo}`);
    lines.push(`       SHA-256 ${cert.fingerprint256}`);
  }
  lines.push(`names  ${loaded.sans.join(", ")}`);
  lines.push(`keys   ${paths.caKey}, ${paths.serverKey}, ${paths.clientKey}`);
  lines.push(
    "       (mode 0600, on disk only: the console never serves a private key; copy the client key from here)",
  );
  lines.push("", `Trusted client-certificate CAs (${paths.trustedDir}/*.pem adds more):`);
  for (const ca of trusted) lines.push(`  ${ca.subject}  SHA-256 ${ca.fingerprint256}`);
  if (loaded.generated.length > 0) lines.push("", `Generated now: ${loaded.generated.join(", ")}`);
  lines.push("", `Receiver: ${url}`);
  if (opts.loopbackOnly) {
    lines.push(
      "  It listens on loopback only: a registry on another machine (and Quay, which refuses loopback URLs) cannot reach it. Start it with --host 0.0.0.0 for them.",
    );
  }
  for (const id of REGISTRY_IDS) {
    lines.push("", `${REGISTRY_LABELS[id]}:`, ...setup[id].map((step, i) => `  ${i + 1}. ${step}`));
  }
  lines.push("", "Try it with curl:", `  ${curl}`, "");
  return lines.join("\n");
}
