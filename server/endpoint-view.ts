// An endpoint as people see it: its settings, how many deliveries it holds, and the URLs to
// paste into a registry. Shared by the console API and the receiver's live "endpoint" message.
import type { EndpointSettings, EndpointView } from "./contract/index.ts";
import type { Core } from "./core.ts";

export function endpointView(core: Core, settings: EndpointSettings): EndpointView {
  const urls = core.urls();
  const path = `/hooks/${settings.name}`;
  return {
    ...settings,
    count: core.store.countsByEndpoint().get(settings.name) ?? 0,
    urls: { https: urls.receiverHttps.map((u) => u + path), http: urls.receiverHttp.map((u) => u + path) },
  };
}
