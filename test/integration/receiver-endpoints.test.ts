// New endpoint names cost no settings writes: an endpoint nobody configured exists implicitly,
// is listed through its deliveries, and is remembered in a bounded table only to announce it.
import { stat } from "node:fs/promises";
import { Agent, request } from "node:https";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EndpointSettings } from "../../server/contract/index.ts";
import { MAX_SEEN_ENDPOINTS } from "../../server/store/endpoints.ts";
import { connectLive, send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
});

const settingsFile = () => join(server.dataDir, "endpoints.json");
const fileState = () =>
  stat(settingsFile()).then(
    (s) => `${s.size}@${s.mtimeMs}`,
    () => "absent",
  );

/** Posts one delivery to each name, 16 at a time over kept-alive connections; resolves with ms. */
async function batch(names: string[]): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16, ca: server.ca, servername: "localhost" });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < names.length) {
        const name = names[next++];
        const res = await fetchVia(agent, `${server.https}/hooks/${name}`);
        expect(res).toBe(200);
      }
    }),
  );
  agent.destroy();
  return performance.now() - started;
}

function fetchVia(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json" } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end("{}");
  });
}

describe("endpoints a sender names", () => {
  it("3 batches of 1,000 new names: no settings writes, no slowdown, a bounded table", async () => {
    const before = await fileState();
    const times: number[] = [];
    for (let b = 0; b < 3; b++) {
      times.push(await batch(Array.from({ length: 1000 }, (_, i) => `n${b}-${i}`)));
    }
    expect(await fileState()).toBe(before);
    expect(times[2]).toBeLessThan((times[0] as number) * 3);
    expect(server.running.core.store.endpoints.seenCount()).toBeLessThanOrEqual(MAX_SEEN_ENDPOINTS);
    // still listed: their deliveries reference them
    const listed = (await (await fetch(`${server.console}/api/endpoints`)).json()) as EndpointSettings[];
    expect(listed.filter((e) => e.name.startsWith("n")).length).toBe(3000);
  }, 120_000);

  it("announces an accepted new name once, and a refused one not at all", async () => {
    const live = await connectLive(server.console);
    try {
      const refused = await send(`${server.https}/hooks/web-only`, {
        body: "{}",
        ca: server.ca,
        headers: { origin: "http://evil.example" },
      });
      expect(refused.status).toBe(403);
      expect((await send(`${server.https}/hooks/fresh`, { body: "{}", ca: server.ca })).status).toBe(200);
      expect((await send(`${server.https}/hooks/fresh`, { body: "{}", ca: server.ca })).status).toBe(200);
      await live.waitFor(
        (m) => m.type === "delivery" && (m.delivery as { endpoint: string }).endpoint === "fresh",
      );
      const announced = live.messages
        .filter((m) => m.type === "endpoint")
        .map((m) => (m.endpoint as { name: string }).name);
      expect(announced).toEqual(["fresh"]);
    } finally {
      live.close();
    }
  });

  it("persists an endpoint once the console configures it", async () => {
    const put = await fetch(`${server.console}/api/endpoints/configured`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientCert: { mode: "require", pins: [] } }),
    });
    expect(put.status).toBe(200);
    expect(await fileState()).not.toBe("absent");
    const res = await send(`${server.https}/hooks/configured`, { body: "{}", ca: server.ca });
    expect(res.status).toBe(401);
  });
});
