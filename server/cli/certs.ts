// `quayside certs`: where the certificates are, what names and fingerprints they carry, and the
// steps that make each registry trust the local CA (REPORT.md §1 item 3, §2.2, §3, §4, §5).
import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { isLoopback } from "../config.ts";
import { REGISTRY_IDS, REGISTRY_LABELS, type RegistryId } from "../contract/types.ts";
import type { LoadedCerts } from "../tls/certs.ts";
import { receiverBases } from "../urls.ts";
import { MORE_SETUP_STEPS } from "./setup-steps-more.ts";

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
  const httpsUrl = bases.find((b) => new URL(b).hostname === "localhost") ?? bases[0] ?? DEFAULT_URL;
  return { httpsUrl, loopbackOnly: isLoopback(host) };
}

/**
 * Per-registry set-up steps. Placeholders: `{ca}` CA file, `{url}` HTTPS base URL, `{lanUrl}` the same
 * on this machine's LAN address, `{client}`/`{clientKey}` the client certificate files. Fill with `fillSteps`.
 */
export const SETUP_STEPS: Record<RegistryId, string[]> = {
  quay: [
    "Copy {ca} into Quay's config bundle as extra_ca_certs/quayside.pem (conf/stack/extra_ca_certs/ in the container; with the Quay Operator, add it to the config bundle secret).",
    "Restart Quay: it appends extra_ca_certs to its trust bundle only when the container starts.",
    "Use this machine's LAN name or address in the webhook URL, e.g. {lanUrl}/hooks/quay/quay/repo_push: Quay refuses webhook URLs on localhost or 127.0.0.1.",
    "Repository → Settings → Create Notification → pick the event, method Webhook POST, paste the URL. Quay bodies do not name the event, so put it in the path (/hooks/<endpoint>/quay/<event>).",
    "When Quay serves HTTPS itself it presents its own server certificate as client certificate, often with serverAuth only: Quayside records it as untrusted and says why. To accept it under --client-cert require, pin its SHA-256 fingerprint on the endpoint.",
  ],
  dtr: [
    "Create the webhook (System → Webhooks, or POST /api/v0/webhooks with type, key, endpoint) with endpoint {lanUrl}/hooks/dtr.",
    'Paste the content of {ca} into the webhook\'s TLS certificate field ("tlsCert" in the API) so DTR/MSR trusts Quayside.',
    'For a quick test only, "skipTLSVerification": true skips verification instead.',
    "DTR/MSR sends no client certificate: deliveries show verdict none.",
  ],
  harbor: [
    "Project → Webhooks → New webhook: endpoint URL {lanUrl}/hooks/harbor, payload format Default or CloudEvents.",
    'Either untick "Verify Remote Certificate" (skip_cert_verify), or add {ca} to the trust store of Harbor core and jobservice (which sends the webhooks) and restart them.',
    "Harbor sends no client certificate; an optional Auth Header is recorded with the delivery.",
  ],
  distribution: [
    "In the registry's config.yml add notifications.endpoints: - name: quayside, url: {lanUrl}/hooks/distribution, timeout: 1s.",
    "Make the registry trust {ca}: set SSL_CERT_FILE={ca} in its environment (this replaces the system roots) or add it to the system trust store of the container, then restart. There is no skip-verify option.",
    "distribution retries forever, one event at a time: a failing answer blocks later events until it succeeds.",
  ],
  dockerhub: [
    "Docker Hub calls from the internet and needs a publicly trusted certificate: publish Quayside through a tunnel or reverse proxy that has one (the plain HTTP listener is fine behind it).",
    "Repository → Webhooks: add <public URL>/hooks/dockerhub. Docker Hub sends no client certificate.",
  ],
  ...MORE_SETUP_STEPS,
};

/** Replaces `{name}` placeholders in each step. */
export function fillSteps(steps: string[], vars: Record<string, string>): string[] {
  return steps.map((step) => step.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole));
}

const DEFAULT_URL = "https://localhost:8443";

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

/** The HTTPS URL with its host replaced by the first LAN address (or host name) of the server certificate. */
function lanUrl(httpsUrl: string, sans: string[]): string {
  const loopback = new Set(["localhost", "127.0.0.1", "::1"]);
  const names = sans.filter((name) => !loopback.has(name) && !name.startsWith("*"));
  const host = names.find((name) => isIP(name) === 4) ?? names.find((name) => !isIP(name)) ?? names[0];
  if (!host) return httpsUrl;
  const url = new URL(httpsUrl);
  url.hostname = isIP(host) === 6 ? `[${host}]` : host;
  return url.origin;
}

/**
 * SETUP_STEPS with this installation's CA path and receiver URLs filled in (for the console's Certificates page).
 * @example setupSteps(certs, "https://localhost:8443").quay[0]
 */
export function setupSteps(
  loaded: LoadedCerts,
  httpsUrl = DEFAULT_URL,
  loopbackOnly = false,
): Record<RegistryId, string[]> {
  const url = httpsUrl.replace(/\/+$/, "");
  const { paths } = loaded;
  const vars = {
    ca: paths.ca,
    url,
    lanUrl: loopbackOnly ? url : lanUrl(url, loaded.sans),
    client: paths.client,
    clientKey: paths.clientKey,
  };
  return Object.fromEntries(REGISTRY_IDS.map((id) => [id, fillSteps(SETUP_STEPS[id], vars)])) as Record<
    RegistryId,
    string[]
  >;
}

/**
 * Renders `quayside certs`: paths, names, fingerprints, expiry and the set-up steps, as text or JSON.
 * @example console.log(runCerts(await ensureCerts("certs"), { httpsUrl: "https://localhost:8443" }));
 */
export function runCerts(loaded: LoadedCerts, opts: RunCertsOptions = {}): string {
  const url = (opts.httpsUrl ?? "https://localhost:8443").replace(/\/+$/, "");
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
