import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliverySummary, Page } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { makeDelivery } from "../helpers/delivery.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

// ~1,200 deliveries: segments 1 and 2 (500 each) are sealed files, the rest is the journal.
const FILLERS = 1_100;

let server: TestServer;
/** Delivery ids by what they hold. */
const ids: Record<string, string> = {};

/** A JSON body with `word` at character ~700. */
const deepBody = (word: string) =>
  JSON.stringify({ repository: "ns/app", pad: "p".repeat(680), note: `see ${word} here` });

async function receive(path: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await send(`${server.https}${path}`, { body, ca: server.ca, headers });
  expect(res.status).toBe(200);
  return JSON.parse(res.body).delivery as string;
}

async function search(query: string): Promise<Page<DeliverySummary>> {
  const res = await fetch(`${server.console}/api/deliveries?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page<DeliverySummary>;
}

const found = async (query: string) => (await search(query)).items.map((i) => i.id);

beforeAll(async () => {
  server = await startTestServer({ retention: 10_000 });
  ids.deepSealed = await receive("/hooks/alpha", deepBody("ZebraFjord"));
  ids.header = await receive("/hooks/beta", '{"a":1}', { "X-Build": "build QuokkaTag-77 done" });
  ids.query = await receive("/hooks/beta?ref=PelicanRef&x=1", '{"a":2}');
  // a plain-text body: the quote and backslash are in the body as such (escaped in the file)
  ids.quoted = await receive("/hooks/beta", `${"p".repeat(690)} say "Hi\\there`);
  const store = server.running.core.store;
  const adds = [];
  for (let i = 0; i < FILLERS; i++) {
    // the word in a field search does not read (the answer sent back) must not count
    const response = {
      status: 200,
      headers: [],
      body: "zebrafjord",
      delayMs: 0,
      action: "respond" as const,
      rule: null,
    };
    adds.push(store.add(makeDelivery({ id: `filler-${i}`, endpoint: i % 2 ? "alpha" : "beta", response })));
  }
  await Promise.all(adds);
  ids.deepJournal = await receive("/hooks/beta", deepBody("zebrafjord"));
  // wait for the two full segments to be sealed into files (done in the background)
  const segment2 = join(server.dataDir, "segments", "00000002.json");
  const deadline = Date.now() + 20_000;
  while (!existsSync(segment2) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(existsSync(join(server.dataDir, "segments", "00000001.json"))).toBe(true);
  expect(existsSync(segment2)).toBe(true);
}, 60_000);

afterAll(async () => {
  await server?.dispose();
});

describe("full-text search over HTTP (q)", () => {
  it("finds a word at character ~700 of a body, in a sealed segment and in the journal, in any case", async () => {
    expect(await found("q=zebrafjord")).toEqual([ids.deepJournal, ids.deepSealed]);
    expect(await found("q=ZEBRAfjord")).toEqual([ids.deepJournal, ids.deepSealed]);
  });

  it("finds a word in a header value and in the query string", async () => {
    expect(await found("q=quokkatag-77")).toEqual([ids.header]);
    expect(await found("q=pelicanref")).toEqual([ids.query]);
  });

  it("finds a term holding a quote and a backslash, which the stored JSON escapes", async () => {
    expect(await found(`q=${encodeURIComponent('"hi\\there')}`)).toEqual([ids.quoted]);
  });

  it("needs every word, each in any field", async () => {
    expect(await found("q=zebrafjord+alpha")).toEqual([ids.deepSealed]);
    expect(await found("q=zebrafjord+nowhere-else")).toEqual([]);
  });

  it("combines with the other filters", async () => {
    expect(await found("q=zebrafjord&endpoint=alpha")).toEqual([ids.deepSealed]);
    expect(await found("q=zebrafjord&endpoint=beta")).toEqual([ids.deepJournal]);
  });

  it("pages newest first with a cursor", async () => {
    const first = await search("q=zebrafjord&limit=1");
    expect(first.items.map((i) => i.id)).toEqual([ids.deepJournal]);
    expect(first.next).not.toBeNull();
    const second = await search(`q=zebrafjord&limit=1&cursor=${first.next}`);
    expect(second.items.map((i) => i.id)).toEqual([ids.deepSealed]);
    expect(second.next).toBeNull();
  });

  it("still matches summary fields across segments, newest first, a page at a time", async () => {
    const page = await search("q=filler-&limit=500&endpoint=alpha");
    expect(page.items).toHaveLength(500);
    expect(page.items[0]?.id).toBe(`filler-${FILLERS - 1}`);
    const rest = await search(`q=filler-&limit=500&endpoint=alpha&cursor=${page.next}`);
    expect(rest.items).toHaveLength(FILLERS / 2 - 500);
    expect(rest.items.at(-1)?.id).toBe("filler-1");
    expect(rest.next).toBeNull();
  });
});
