// The start-up banner: every URL to paste into a registry, where the CA is, what to do next.
import type { Running } from "./serve.ts";

export function banner(running: Running): string {
  const { urls, certs, core } = running;
  const lines = [
    `Quayside ${core.version} — container-registry webhook receiver`,
    "",
    "Point a registry at (Quay: use a LAN name, it refuses localhost):",
    ...urls.receiverHttps.map((u) => `  ${u}/hooks/<name>`),
    ...urls.receiverHttp.map((u) => `  ${u}/hooks/<name>`),
    "  Quay bodies carry no event name: append /quay/<event>, e.g. /hooks/ci/quay/repo_push",
    "",
    `Console:  ${urls.console}${core.config.token ? `  (open ${urls.console}/?token=<your --token> once, or send Authorization: Bearer <token>)` : ""}`,
    `CA:       ${certs.paths.ca}  (give this to the registry so it trusts Quayside)`,
    `Client:   ${certs.paths.client} + ${certs.paths.clientKey}`,
    `Data:     ${core.config.data} (${core.store.count()} deliveries stored)`,
    "",
    "Try it:",
    `  curl --cacert ${certs.paths.ca} -H 'Content-Type: application/json' -d '{"hello":"quayside"}' ${urls.https}/hooks/demo`,
  ];
  if (certs.generated.length > 0) lines.push("", `Generated: ${certs.generated.join(", ")}`);
  for (const warning of core.store.warnings()) lines.push(`WARNING: ${warning}`);
  return lines.join("\n");
}
