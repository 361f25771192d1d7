// Retention drops the oldest deliveries; their attempts leave the chain tracker with them, as a
// delete does, so /api/chains never lists an attempt whose delivery is gone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainView, DeliverySummary, Page } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ retention: 10 });
});
afterAll(async () => {
  await server?.dispose();
});

const json = async <T>(path: string) => (await (await fetch(`${server.console}${path}`)).json()) as T;

describe("retention and chains", () => {
  it("keeps only chains whose deliveries still exist after retention 10 and 30 distinct events", async () => {
    for (let i = 0; i < 30; i++) {
      const body = JSON.stringify({
        repository: "ns/app",
        namespace: "ns",
        docker_url: "q/ns/app",
        updated_tags: [`v${i}`],
      });
      const res = await send(`${server.https}/hooks/kept/quay/repo_push`, { body, ca: server.ca });
      expect(res.status).toBe(200);
    }
    const stored = await json<Page<DeliverySummary>>("/api/deliveries?endpoint=kept&limit=100");
    expect(stored.items).toHaveLength(10);
    const ids = new Set(stored.items.map((d) => d.id));

    const chains = await json<ChainView[]>("/api/chains?endpoint=kept");
    const attempts = chains.flatMap((c) => c.attempts.map((a) => a.deliveryId));
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.filter((id) => !ids.has(id))).toEqual([]);
    expect(chains).toHaveLength(10);
  });
});
