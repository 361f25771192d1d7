// The list's summaries over a real socket: what a distribution event is about (blob, manifest)
// from its body's media type, kept across a restart, and the first page's count of matches.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliverySummary, Page } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
const ids = { blob: "", manifest: "", gitlab: "", quay: "" };
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), "utf8");
const DISTRIBUTION = { "content-type": "application/vnd.docker.distribution.events.v2+json" };

async function receive(path: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await send(`${server.https}${path}`, { body, ca: server.ca, headers });
  return JSON.parse(res.body).delivery as string;
}

async function list(query: string): Promise<Page<DeliverySummary>> {
  const res = await fetch(`${server.console}/api/deliveries?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page<DeliverySummary>;
}

const kindOf = async (id: string) => (await list("endpoint=ls-kind")).items.find((d) => d.id === id)?.kind;

beforeAll(async () => {
  server = await startTestServer();
  ids.blob = await receive("/hooks/ls-kind", fixture("distribution/push.blob.json"), DISTRIBUTION);
  ids.manifest = await receive("/hooks/ls-kind", fixture("distribution/push.manifest.json"), DISTRIBUTION);
  ids.gitlab = await receive("/hooks/ls-kind", fixture("gitlab/push.manifest.json"), DISTRIBUTION);
  ids.quay = await receive("/hooks/ls-kind", JSON.stringify({ repository: "ns/app", updated_tags: ["v1"] }));
  for (let i = 0; i < 3; i++) await receive("/hooks/ls-count?status=503", "{}");
  await receive("/hooks/ls-count", "{}");
});
afterAll(() => server?.dispose());

describe("summary kind", () => {
  it("tells a blob push from a manifest push by the body's media type", async () => {
    expect(await kindOf(ids.blob)).toBe("blob");
    expect(await kindOf(ids.manifest)).toBe("manifest");
    expect(await kindOf(ids.gitlab)).toBe("manifest");
  });

  it("leaves it out when the body names no media type", async () => {
    const quay = (await list("endpoint=ls-kind")).items.find((d) => d.id === ids.quay);
    expect(quay).toBeDefined();
    expect(quay && "kind" in quay).toBe(false);
  });

  it("keeps it across a restart", async () => {
    const ports = { consolePort: Number(new URL(server.console).port) };
    await server.close();
    server = await startTestServer({ ...ports, data: server.dataDir });
    expect(await kindOf(ids.blob)).toBe("blob");
    expect(await kindOf(ids.manifest)).toBe("manifest");
  });
});

describe("list total", () => {
  it("counts every match on the first page, not only the page's rows", async () => {
    const page = await list("endpoint=ls-count&status=5xx&limit=2");
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(3);
    expect((await list("endpoint=ls-count")).total).toBe(4);
  });

  it("counts everything stored when nothing is filtered, and not on later pages or with q", async () => {
    const first = await list("limit=1");
    expect(first.total).toBe(8);
    expect((await list(`limit=1&cursor=${first.next}`)).total).toBeUndefined();
    expect((await list("q=ns")).total).toBeUndefined();
  });
});
