// The steps that make each registry trust Quayside's CA and call its receiver, with this
// installation's paths and URLs filled in. Shared by `quayside certs` and the console's
// Certificates page (REPORT.md §1 item 3, §2.2, §3, §4, §5).
import { isIP } from "node:net";
import { REGISTRY_IDS, type RegistryId } from "../../contract/types.ts";
import type { LoadedCerts } from "../../tls/certs.ts";
import { MORE_SETUP_STEPS } from "./setup-steps-more.ts";

/** The receiver's HTTPS base when none is known (the default port on this machine). */
export const DEFAULT_RECEIVER_URL = "https://localhost:8443";

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
  httpsUrl = DEFAULT_RECEIVER_URL,
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
