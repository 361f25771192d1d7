// An endpoint as people see it: its settings, how many deliveries it holds, and the URLs to
// paste into a registry. Shared by the console API and the receiver's live "endpoint" message,
// so the secret is masked here, once, for every way out.
import type { ClientCertMode, EndpointSettings, EndpointView } from "../contract/index.ts";
import type { Core } from "./index.ts";
import { maskSecret } from "./signatures/index.ts";

export function endpointView(core: Pick<Core, "store" | "urls">, settings: EndpointSettings): EndpointView {
  const urls = core.urls();
  const path = `/hooks/${settings.name}`;
  const { signature } = settings;
  return {
    ...settings,
    ...(signature ? { signature: { ...signature, secret: maskSecret(signature.secret) } } : {}),
    count: core.store.countsByEndpoint().get(settings.name) ?? 0,
    urls: { https: urls.receiverHttps.map((u) => u + path), http: urls.receiverHttp.map((u) => u + path) },
  };
}

/**
 * The settings of an endpoint nobody configured: nothing is stored for a name until someone
 * saves settings, so a flood of new names costs no writes.
 * @example defaultEndpoint("ci", "report") // { name: "ci", clientCert: { mode: "report", pins: [] }, rules: [] }
 */
export function defaultEndpoint(name: string, mode: ClientCertMode): EndpointSettings {
  return { name, clientCert: { mode, pins: [] }, rules: [] };
}
