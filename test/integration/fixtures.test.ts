// Every fixture posted over real HTTPS, the way its registry sends it (with the headers its
// `.headers` sidecar lists), is recorded as its registry/event and valid.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DeliveryDetail, REGISTRY_IDS } from "../../server/contract/index.ts";
import { SENDER_PROFILES } from "../../server/core/catalog/profiles.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { contentTypeOf, eventOfFile, wireHeaders } from "../helpers/wire.ts";

const FIXTURES = fileURLToPath(new URL("../../fixtures", import.meta.url));
const cases = REGISTRY_IDS.flatMap((registry) =>
  readdirSync(join(FIXTURES, registry))
    .filter((f) => f.endsWith(".json"))
    .map((file) => [registry, file] as const),
);

let server: TestServer;
let ca: string;
beforeAll(async () => {
  server = await startTestServer();
  ca = server.ca;
});
afterAll(async () => {
  await server?.dispose();
});

describe("fixtures posted over HTTPS", () => {
  it.each(cases)("records %s/%s as its event, valid", async (registry, file) => {
    const event = eventOfFile(registry, file);
    const profile = SENDER_PROFILES[registry];
    const wire = wireHeaders(registry, file);
    const contentType =
      contentTypeOf(wire) ??
      (file.includes("cloudevents") ? "application/cloudevents+json" : profile.contentType);
    // Quay bodies name no event: the URL pins it, as users configure Quay's notification
    const path = registry === "quay" ? `/hooks/fx/quay/${event}` : "/hooks/fx";
    const body = readFileSync(join(FIXTURES, registry, file));
    const hasAgent = wire.some(([name]) => name.toLowerCase() === "user-agent");
    const res = await send(`${server.https}${path}`, {
      body,
      ca,
      headers: { "content-type": contentType, ...(hasAgent ? {} : { "user-agent": profile.userAgent }) },
      rawHeaders: wire.filter(([name]) => name.toLowerCase() !== "content-type"),
    });
    expect(res.status).toBe(200);
    const detail = (await (
      await fetch(`${server.console}/api/deliveries/${JSON.parse(res.body).delivery}`)
    ).json()) as DeliveryDetail;
    expect({ registry: detail.registry, event: detail.event, validity: detail.validity }).toEqual({
      registry,
      event,
      validity: "valid",
    });
    expect(Buffer.from((detail.body as { text: string }).text).equals(body)).toBe(true);
  });
});
