// Searching one header by name (`q=header:x-github-event=push`) over a real socket: in a sealed
// segment file (read by the search worker) and in the journal, names in full, values as a part,
// with plain words and other filters.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliverySummary, Page } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { makeDelivery } from "../helpers/delivery.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/** Past one segment (500), so the first deliveries are read from a sealed file. */
const FILLERS = 510;

let server: TestServer;
const ids = { sealedPush: "", sealedPing: "", journalPush: "", valueElsewhere: "" };

async function receive(path: string, headers: Record<string, string>, body = '{"a":1}'): Promise<string> {
  const res = await send(`${server.https}${path}`, { body, ca: server.ca, headers });
  expect(res.status).toBe(200);
  return JSON.parse(res.body).delivery as string;
}

async function found(q: string, more = ""): Promise<string[]> {
  const res = await fetch(`${server.console}/api/deliveries?q=${encodeURIComponent(q)}${more}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as Page<DeliverySummary>).items.map((d) => d.id);
}

beforeAll(async () => {
  server = await startTestServer({ retention: 10_000 });
  ids.sealedPush = await receive("/hooks/hs-a", { "X-GitHub-Event": "Push", "X-Trace": "t-1" });
  ids.sealedPing = await receive("/hooks/hs-a", { "X-GitHub-Event": "ping" });
  // "push" in another header and in the body: only a search of X-GitHub-Event tells them apart
  ids.valueElsewhere = await receive("/hooks/hs-b", { "X-Other": "push" }, '{"x-github-event":"push"}');
  const { store } = server.running.core;
  for (let i = 0; i < FILLERS; i++)
    await store.add(makeDelivery({ id: `hs-filler-${i}`, endpoint: "hs-fill" }));
  ids.journalPush = await receive("/hooks/hs-b", { "x-github-event": "push" });
  const segment1 = join(server.dataDir, "segments", "00000001.json");
  const deadline = Date.now() + 20_000;
  while (!existsSync(segment1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(existsSync(segment1)).toBe(true);
}, 60_000);
afterAll(() => server?.dispose());

describe("header search (q=header:name=value)", () => {
  it("finds a header by name and value, any case, in a sealed segment and in the journal", async () => {
    expect(await found("header:x-github-event=push")).toEqual([ids.journalPush, ids.sealedPush]);
    expect(await found("HEADER:X-GitHub-Event=PUSH")).toEqual([ids.journalPush, ids.sealedPush]);
  });

  it("does not match the value in another header or in the body", async () => {
    expect(await found("header:x-github-event=push")).not.toContain(ids.valueElsewhere);
    expect(await found("header:x-other=push")).toEqual([ids.valueElsewhere]);
  });

  it("matches part of a value, and any value when none is given", async () => {
    expect(await found("header:x-github-event=pi")).toEqual([ids.sealedPing]);
    expect((await found("header:x-trace")).sort()).toEqual([ids.sealedPush]);
    expect(await found("header:x-github-event")).toHaveLength(3);
  });

  it("combines with plain words and the other filters", async () => {
    expect(await found("header:x-github-event=push hs-a")).toEqual([ids.sealedPush]);
    expect(await found("header:x-github-event=push", "&endpoint=hs-b")).toEqual([ids.journalPush]);
    expect(await found("header:x-trace=t-2")).toEqual([]);
  });
});
