// Set-up steps for the later eleven senders (registry-events/more/REPORT.md §1 item 8 and each
// registry's transport section): where the URL and secret go, how the sender comes to trust
// Quayside's CA, and which senders need a public URL or refuse private addresses.
// Placeholders as in setup-steps.ts SETUP_STEPS: {ca}, {url}, {lanUrl}, {client}, {clientKey}.
import type { RegistryId } from "../../contract/types.ts";

type MoreId = Exclude<RegistryId, "quay" | "dtr" | "distribution" | "harbor" | "dockerhub">;

const TUNNEL =
  "calls from the internet and checks the certificate against public roots: publish Quayside through a tunnel or reverse proxy with a publicly trusted certificate (the plain HTTP listener is fine behind it); {ca} cannot be added.";

export const MORE_SETUP_STEPS: Record<MoreId, string[]> = {
  acr: [
    `Azure Container Registry ${TUNNEL}`,
    "Registry → Webhooks → Add (or az acr webhook create --uri <public URL>/hooks/acr --actions push delete): pick the actions and an optional repo:tag scope.",
    'There is no secret or signature: add a custom header such as "Authorization=Bearer <token>" (--headers) and a rule that checks it if you need one.',
    "Ping (portal or az acr webhook ping) sends a test delivery; ACR tries each event once with a 5 s timeout.",
  ],
  artifactory: [
    "Administration → General → Webhooks → New Webhook: URL {lanUrl}/hooks/artifactory, events in the Docker and/or Artifact domains.",
    'Artifactory refuses private-network URLs by default: relax urlStrictPolicy in system.yaml, or use a public URL. The Secret Token is sent as X-JFrog-Event-Auth (the token itself, or an HMAC of the body with "Use secret for payload signing").',
    "Make Artifactory's JVM trust {ca}: add it to the trusted certificates (Administration → Security → Certificates, or $JFROG_HOME/artifactory/var/etc/security/keys/trusted) and restart.",
  ],
  nexus: [
    'System → Capabilities → Create capability "Webhook: Repository" (component/asset events of one repository) or "Webhook: Global" (repository, audit) with URL {lanUrl}/hooks/nexus.',
    "An optional Secret Key makes Nexus sign each body in X-Nexus-Webhook-Signature (hex HMAC-SHA1). The event name comes only in X-Nexus-Webhook-ID.",
    "Make Nexus trust {ca}: Security → SSL Certificates → Load certificate (Nexus truststore), or import it into the JVM's cacerts and restart.",
  ],
  github: [
    `GitHub.com ${TUNNEL}`,
    'Repository or organisation → Settings → Webhooks → Add webhook: payload URL <public URL>/hooks/github, content type application/json, a secret, and "Packages" / "Registry packages" under individual events.',
    "GitHub Enterprise Server on your network can use {lanUrl}/hooks/github once {ca} is in its trusted certificates (Management Console), or with SSL verification disabled on the hook.",
  ],
  gitea: [
    "User, organisation or repository → Settings → Webhooks → Add Webhook → Gitea: target URL {lanUrl}/hooks/gitea, trigger on Package events, optional secret.",
    "Gitea and Forgejo refuse loopback and private addresses by default: set [webhook] ALLOWED_HOST_LIST = private (or the host) in app.ini and restart.",
    "Make Gitea trust {ca}: add it to the system trust store of the Gitea host or container, or set [webhook] SKIP_TLS_VERIFY = true for a test.",
  ],
  gitlab: [
    "In gitlab.rb: registry['notifications'] = [{ 'name' => 'quayside', 'url' => '{lanUrl}/hooks/gitlab', 'timeout' => '1s', 'maxretries' => 10, 'backoff' => '1s', 'headers' => { 'Authorization' => ['Bearer <token>'] } }], then gitlab-ctl reconfigure.",
    "Make the registry trust {ca}: copy it to /etc/gitlab/trusted-certs/ and run gitlab-ctl reconfigure (self-managed registry: SSL_CERT_FILE or the system store).",
    "The registry sends no secret of its own: the configured headers are all it sends.",
  ],
  zot: [
    'In zot\'s config: extensions.events = { "enable": true, "sinks": [{ "type": "http", "address": "{lanUrl}/hooks/zot", "timeout": "30s" }] }, then restart zot.',
    "Make the sink trust {ca} with its TLS CA file setting; its cert/key settings can present {client} / {clientKey} as client certificate (mutual TLS).",
    "Credentials (username/password, or token) become an Authorization header. Events travel in CloudEvents binary mode: the event name is the Ce-Type header.",
  ],
  ecr: [
    `EventBridge ${TUNNEL}`,
    "Create a connection (Basic, API key or OAuth) and an API destination with endpoint <public URL>/hooks/ecr, method POST.",
    'Create a rule on the default event bus with pattern {"source": ["aws.ecr"]} and the API destination as target; keep the input unchanged so the body is the event envelope.',
    "EventBridge retries only 429 and 5xx (up to 24 h); add a dead-letter queue to keep what it gives up on.",
  ],
  gar: [
    `Pub/Sub push ${TUNNEL}`,
    "Create the topic gcr in the project (Artifact Registry publishes there), then a push subscription on it with endpoint <public URL>/hooks/gar.",
    "Keep payload wrapping on (the default) so messageId and subscription arrive with the event; optionally enable authentication so each push carries a Google-signed OIDC token.",
    "Pub/Sub redelivers every answer other than 102, 200, 201, 202 and 204 until the message expires (7 days by default).",
  ],
  aliyun: [
    `Alibaba Cloud ${TUNNEL} HTTPS is accepted only on port 443.`,
    "Container Registry → repository → Triggers → Create: URL <public URL>/hooks/aliyun, trigger all tags, a tag list or a tag regular expression.",
    "Alibaba sends no secret or signature: a secret can only be put in the URL.",
  ],
  chainguard: [
    `Chainguard ${TUNNEL}`,
    "chainctl events subscriptions create --parent <group> <public URL>/hooks/chainguard",
    "Each event carries Authorization: Bearer <OIDC token> (issuer https://issuer.enforce.dev); registry pushes and pulls arrive with Ce-Type dev.chainguard.registry.push.v1 / .pull.v1.",
  ],
};
