// The Store contract as one shared suite (after tarampampam/webhook-tester's
// storage_shared_test.go): every store implementation runs it, so the memory store used in unit
// tests behaves as the durable one does. Durability itself (restarts, files, crashes) is tested
// beside the durable store.
import { afterEach, describe, expect, it } from "vitest";
import type { ReplayResult } from "../../server/contract/index.ts";
import { MAX_PAGE } from "../../server/store/filter.ts";
import { MAX_TERMS } from "../../server/store/search-terms.ts";
import type { Store } from "../../server/store/types.ts";
import { makeDelivery } from "./delivery.ts";

export interface StoreFactoryOptions {
  retention: number;
  onEvicted?: (ids: string[]) => void;
}
export type StoreFactory = (options: StoreFactoryOptions) => Promise<Store>;

const replay = (status: number): ReplayResult => ({
  at: "2025-05-01T10:00:00.000Z",
  target: "self",
  status,
  headers: [],
  body: "",
  durationMs: 1,
});

/** Defines the shared Store suite for stores made by `factory` (each test closes its own). */
export function defineStoreConformance(name: string, factory: StoreFactory): void {
  const open: Store[] = [];
  const make = async (options: StoreFactoryOptions) => {
    const store = await factory(options);
    open.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });

  describe(`Store contract: ${name}`, () => {
    addsAndLists(make);
    changes(make);
    endpointSettings(make);
  });
}

type Make = (options: StoreFactoryOptions) => Promise<Store>;

/** Adding and listing: numbering, order, pages, filters, search and their limits. */
function addsAndLists(make: Make): void {
  it("numbers deliveries in order and lists them newest first with their exact bodies", async () => {
    const store = await make({ retention: 100 });
    const a = await store.add(makeDelivery({ text: "first" }));
    const b = await store.add(makeDelivery({ bytes: Buffer.from([0xff, 0x00]) }));
    expect(b.seq).toBe(a.seq + 1);
    expect(store.lastSeq()).toBe(b.seq);
    expect((await store.list({}, 10)).items.map((i) => i.id)).toEqual([b.id, a.id]);
    expect(store.all().map((i) => i.id)).toEqual([a.id, b.id]);
    expect((await store.get(a.id))?.body).toEqual({ text: "first" });
    expect((await store.get(b.id))?.body).toEqual({ base64: "/wA=" });
    expect(store.summary(a.id)?.seq).toBe(a.seq);
    expect(store.summary("nope")).toBeUndefined();
    expect(await store.get("nope")).toBeUndefined();
  });

  it("acknowledges concurrent adds in the order they were handed over", async () => {
    const store = await make({ retention: 1000 });
    const acknowledged: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, () => store.add(makeDelivery()).then((d) => acknowledged.push(d.seq))),
    );
    expect(acknowledged).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(store.count()).toBe(50);
  });

  it("pages with a cursor and filters by endpoint, status class and text", async () => {
    const store = await make({ retention: 100 });
    for (let i = 0; i < 7; i++) {
      await store.add(
        makeDelivery({
          endpoint: i % 2 ? "odd" : "even",
          status: i === 3 ? 503 : 200,
          text: `{"tag":"v${i}"}`,
        }),
      );
    }
    const first = await store.list({}, 3);
    expect(first.items).toHaveLength(3);
    const second = await store.list({}, 3, first.next);
    expect(second.items[0]?.seq).toBe((first.items[2]?.seq ?? 0) - 1);
    const pages = [first, second, await store.list({}, 3, second.next)];
    expect(pages.flatMap((p) => p.items.map((i) => i.seq))).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(pages[2]?.next ?? null).toBeNull();
    expect((await store.list({ endpoint: "odd" }, 10)).items).toHaveLength(3);
    expect((await store.list({ status: "5xx" }, 10)).items).toHaveLength(1);
    expect((await store.list({ status: "503" }, 10)).items).toHaveLength(1);
    expect((await store.list({ q: "v4" }, 10)).items).toHaveLength(1);
    expect((await store.list({ q: "V4", endpoint: "odd" }, 10)).items).toHaveLength(0);
  });

  it("finds a word in a body, a header value or the query, and stops when the search is aborted", async () => {
    const store = await make({ retention: 100 });
    const body = await store.add(makeDelivery({ text: '{"note":"needle-in-body"}' }));
    const header = await store.add(makeDelivery({ headers: [["X-Trace", "header-needle"]] }));
    const query = await store.add(makeDelivery({ query: "?token=query-needle" }));
    expect((await store.list({ q: "needle-in-body" }, 10)).items.map((i) => i.id)).toEqual([body.id]);
    expect((await store.list({ q: "header-needle" }, 10)).items.map((i) => i.id)).toEqual([header.id]);
    expect((await store.list({ q: "query-needle" }, 10)).items.map((i) => i.id)).toEqual([query.id]);
    const aborted = AbortSignal.abort();
    await expect(store.list({ q: "needle" }, 10, null, aborted)).rejects.toThrow(/cancel|abort/i);
  });

  it("caps a page at MAX_PAGE and refuses a search of more than MAX_TERMS words with 400", async () => {
    const store = await make({ retention: MAX_PAGE + 10 });
    await Promise.all(Array.from({ length: MAX_PAGE + 1 }, () => store.add(makeDelivery())));
    expect((await store.list({}, MAX_PAGE + 100)).items).toHaveLength(MAX_PAGE);
    expect((await store.list({}, 0)).items).toHaveLength(100);
    const words = Array.from({ length: MAX_TERMS + 1 }, (_, i) => `w${i}`).join(" ");
    await expect(store.list({ q: words }, 10)).rejects.toMatchObject({ status: 400, code: "bad_request" });
  });

  it("finds a delivery holding every word of a search of exactly MAX_TERMS words", async () => {
    const store = await make({ retention: 10 });
    const words = Array.from({ length: MAX_TERMS }, (_, i) => `w${i}x`);
    const d = await store.add(makeDelivery({ text: JSON.stringify({ words }) }));
    await store.add(makeDelivery({ text: JSON.stringify({ words: words.slice(1) }) }));
    expect((await store.list({ q: words.join(" ") }, 10)).items.map((i) => i.id)).toEqual([d.id]);
  });
}

/** Retention, removal and replay results. */
function changes(make: Make): void {
  it("drops the oldest beyond retention and says which", async () => {
    const evicted: string[] = [];
    const store = await make({ retention: 3, onEvicted: (ids) => evicted.push(...ids) });
    const added = [];
    for (let i = 0; i < 5; i++) added.push(await store.add(makeDelivery()));
    expect(store.count()).toBe(3);
    expect(evicted).toEqual(added.slice(0, 2).map((d) => d.id));
    expect(store.all().map((d) => d.seq)).toEqual([3, 4, 5]);
    expect(await store.get(added[0]?.id as string)).toBeUndefined();
    expect(store.countsByEndpoint().get("ci")).toBe(3);
  });

  it("removes deliveries or clears one endpoint or all, keeping the counts per endpoint", async () => {
    const store = await make({ retention: 100 });
    const a = await store.add(makeDelivery({ endpoint: "a" }));
    await store.add(makeDelivery({ endpoint: "b" }));
    await store.add(makeDelivery({ endpoint: "b" }));
    await store.add(makeDelivery({ endpoint: "c" }));
    expect(await store.remove([a.id, "nope"])).toEqual([a.id]);
    expect(await store.get(a.id)).toBeUndefined();
    expect(store.summary(a.id)).toBeUndefined();
    expect(await store.remove([a.id])).toEqual([]);
    expect(store.countsByEndpoint().get("b")).toBe(2);
    expect(store.countsByEndpoint().has("a")).toBe(false);
    expect(await store.clear("b")).toHaveLength(2);
    expect(store.count()).toBe(1);
    expect([...store.countsByEndpoint().keys()]).toEqual(["c"]);
    expect(await store.clear(null)).toHaveLength(1);
    expect(store.count()).toBe(0);
    expect(store.countsByEndpoint().size).toBe(0);
    expect((await store.list({}, 10)).items).toEqual([]);
    const next = await store.add(makeDelivery());
    expect(next.seq).toBe(5);
  });

  it("appends replay results to the stored delivery, in order", async () => {
    const store = await make({ retention: 100 });
    const a = await store.add(makeDelivery());
    await store.addReplay(a.id, replay(200));
    await store.addReplay(a.id, replay(502));
    await store.addReplay("nope", replay(200));
    expect((await store.get(a.id))?.replays.map((r) => r.status)).toEqual([200, 502]);
  });
}

/** Endpoint settings. */
function endpointSettings(make: Make): void {
  it("keeps configured endpoint settings and announces an unconfigured name once", async () => {
    const store = await make({ retention: 100 });
    await store.endpoints.put({ name: "ci", clientCert: { mode: "require", pins: [] }, rules: [] });
    await store.endpoints.put({ name: "a", clientCert: { mode: "off", pins: [] }, rules: [] });
    expect(store.endpoints.list().map((e) => e.name)).toEqual(["a", "ci"]);
    expect(store.endpoints.get("ci")?.clientCert.mode).toBe("require");
    expect(store.endpoints.see("ci")).toBe(false);
    expect(store.endpoints.see("new")).toBe(true);
    expect(store.endpoints.see("new")).toBe(false);
    expect(store.endpoints.seenCount()).toBe(1);
    expect(await store.endpoints.remove("ci")).toBe(true);
    expect(await store.endpoints.remove("ci")).toBe(false);
    expect(store.endpoints.get("ci")).toBeUndefined();
    expect(store.warnings()).toEqual([]);
  });
}
