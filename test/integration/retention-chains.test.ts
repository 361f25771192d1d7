// Retention drops the oldest deliveries; their attempts leave the chain tracker with them, as a
// delete and a clear do, so /api/chains never lists an attempt whose delivery is gone, and every
// console is told which deliveries went.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainView, DeliverySummary, Page } from "../../server/contract/index.ts";
import { connectLive, send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ retention: 10 });
});
afterAll(async () => {
  await server?.dispose();
});

const json = async <T>(path: string, init?: RequestInit) =>
  (await (await fetch(`${server.console}${path}`, init)).json()) as T;

/** Posts `count` quay pushes of distinct tags (so distinct chains) to `endpoint`; their ids. */
async function push(endpoint: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify({
      repository: "ns/app",
      namespace: "ns",
      docker_url: "q/ns/app",
      updated_tags: [`${endpoint}-v${i}`],
    });
    const res = await send(`${server.https}/hooks/${endpoint}/quay/repo_push`, { body, ca: server.ca });
    expect(res.status).toBe(200);
    ids.push(JSON.parse(res.body).delivery as string);
  }
  return ids;
}

/** Delivery ids the chain tracker lists for `endpoint`. */
async function chainedIds(endpoint: string): Promise<string[]> {
  const chains = await json<ChainView[]>(`/api/chains?endpoint=${endpoint}`);
  return chains.flatMap((c) => c.attempts.map((a) => a.deliveryId));
}

describe("retention and chains", () => {
  it("keeps only chains whose deliveries still exist after retention 10 and 30 distinct events", async () => {
    const live = await connectLive(server.console);
    try {
      const sent = await push("kept", 30);
      const stored = await json<Page<DeliverySummary>>("/api/deliveries?endpoint=kept&limit=100");
      expect(stored.items).toHaveLength(10);
      const ids = new Set(stored.items.map((d) => d.id));

      const attempts = await chainedIds("kept");
      expect(attempts.length).toBeGreaterThan(0);
      expect(attempts.filter((id) => !ids.has(id))).toEqual([]);
      expect(await json<ChainView[]>("/api/chains?endpoint=kept")).toHaveLength(10);

      // consoles were told about the first eviction, as they are about a delete
      const first = sent[0] as string;
      await live.waitFor((m) => m.type === "deleted" && (m.ids as string[]).includes(first));
    } finally {
      live.close();
    }
  });

  it("drops a deleted delivery's attempt from its chain", async () => {
    const [gone, stays] = (await push("deleted-one", 2)) as [string, string];
    expect(await chainedIds("deleted-one")).toEqual(expect.arrayContaining([gone, stays]));
    const res = await fetch(`${server.console}/api/deliveries/${gone}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(await chainedIds("deleted-one")).toEqual([stays]);
  });

  it("drops every chain of an endpoint that was cleared, and only those", async () => {
    await push("cleared-all", 2);
    const [other] = await push("cleared-not", 1);
    const res = await json<{ deleted: number }>("/api/deliveries?endpoint=cleared-all", { method: "DELETE" });
    expect(res.deleted).toBe(2);
    expect(await chainedIds("cleared-all")).toEqual([]);
    expect(await chainedIds("cleared-not")).toEqual([other]);
  });
});
