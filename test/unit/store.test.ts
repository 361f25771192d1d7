// The durable store: what is acknowledged is on disk and survives a restart, and full segments
// are sealed. The Store contract itself is the shared suite (store-contract-*.test.ts).
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { createCommitter } from "../../server/store/commit.ts";
import { createStore } from "../../server/store/index.ts";
import { SEGMENT_SIZE, type SegmentDb } from "../../server/store/segments.ts";
import type { NewDelivery } from "../../server/store/types.ts";
import { makeDelivery } from "../helpers/delivery.ts";
import { idsOnDisk, tempDirs } from "../helpers/segment-files.ts";

const tempDir = tempDirs("quayside-store-");
const delivery = (over: Partial<NewDelivery> = {}): NewDelivery => makeDelivery(over);

describe("durable store", () => {
  it("keeps deliveries across a restart, newest first, with their exact bodies", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 100 });
    const a = await store.add(delivery({ body: { text: "first" } }));
    const b = await store.add(delivery({ body: { base64: Buffer.from([0xff, 0x00]).toString("base64") } }));
    await store.close();
    const again = await createStore({ dir, retention: 100 });
    const page = await again.list({}, 10);
    expect(page.items.map((i) => i.id)).toEqual([b.id, a.id]);
    expect((await again.get(a.id))?.body).toEqual({ text: "first" });
    expect((await again.get(b.id))?.body).toEqual({ base64: "/wA=" });
    expect(again.lastSeq()).toBe(b.seq);
    await again.close();
  });

  it("acknowledges a burst of concurrent adds in order, each once on disk, and seals full segments", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 10_000 });
    const count = SEGMENT_SIZE * 2 + 10;
    const acknowledged: number[] = [];
    const notOnDisk: string[] = [];
    // the first add, one that fills a segment and the last: each on disk when its add resolves
    const probes = new Set([0, SEGMENT_SIZE - 1, count - 1]);
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        store.add(delivery()).then((d) => {
          acknowledged.push(d.seq);
          // read synchronously, before anything else runs: on disk already at the acknowledgement
          if (probes.has(i) && !idsOnDisk(join(dir, "segments")).has(d.id)) notOnDisk.push(d.id);
        }),
      ),
    );
    expect(notOnDisk).toEqual([]);
    expect(acknowledged).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(store.count()).toBe(count);
    await store.close();
    // two sealed segments with their indexes; the rest is in the active segment's journal
    const files = (await readdir(join(dir, "segments"))).sort();
    expect(files).toEqual([
      "00000001.idx.json",
      "00000001.json",
      "00000002.idx.json",
      "00000002.json",
      "00000003.log",
    ]);
    const journal = await readFile(join(dir, "segments", "00000003.log"), "utf8");
    expect(
      journal
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).seq),
    ).toEqual(Array.from({ length: 10 }, (_, i) => SEGMENT_SIZE * 2 + 1 + i));
    const again = await createStore({ dir, retention: 10_000 });
    expect(again.count()).toBe(count);
    const oldest = again.all()[0];
    expect(oldest && (await again.get(oldest.id))?.body).toBeTruthy();
    await again.close();
  });

  it("resolves adds in the order their appends started when a later append finishes first", async () => {
    const db = { data: { deliveries: [] as DeliveryDetail[] } } as unknown as SegmentDb;
    const writes: { records: DeliveryDetail[]; done: () => void }[] = [];
    const committer = createCommitter({
      active: () => ({ n: 1, db }),
      rotate: () => {},
      append: (_db, records) => new Promise<void>((done) => writes.push({ records, done })),
      committed: () => {},
    });
    const turn = () => new Promise((r) => setImmediate(r));
    const resolved: string[] = [];
    const first = committer.add(makeDelivery({ id: "first" })).then((d) => resolved.push(d.id));
    await turn();
    const second = committer.add(makeDelivery({ id: "second" })).then((d) => resolved.push(d.id));
    await turn();
    expect(writes.map((w) => w.records.map((r) => r.id))).toEqual([["first"], ["second"]]);
    writes[1]?.done();
    await turn();
    expect(resolved).toEqual([]);
    writes[0]?.done();
    await Promise.all([first, second]);
    expect(resolved).toEqual(["first", "second"]);
    expect(db.data.deliveries.map((d) => d.id)).toEqual(["first", "second"]);
  });

  it("drops the oldest beyond retention, also after a restart with a lower retention", async () => {
    const dir = tempDir();
    const evicted: string[] = [];
    const store = await createStore({ dir, retention: 5 });
    for (let i = 0; i < 8; i++) await store.add(delivery());
    expect(store.count()).toBe(5);
    await store.close();
    const again = await createStore({ dir, retention: 3, onEvicted: (ids) => evicted.push(...ids) });
    expect(again.count()).toBe(3);
    expect(evicted.length).toBeGreaterThanOrEqual(2);
    expect(again.all().map((d) => d.seq)).toEqual([6, 7, 8]);
    expect(again.countsByEndpoint().get("ci")).toBe(3);
    await again.close();
  });

  it("keeps only the newest within a retention below a segment's size, on disk too", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 50 });
    const added: { id: string }[] = [];
    for (let i = 0; i < SEGMENT_SIZE * 2 + 30; i++) added.push(await store.add(delivery()));
    await store.close();
    const newest = added.slice(-50).map((d) => d.id);
    expect([...idsOnDisk(join(dir, "segments"))].sort()).toEqual([...newest].sort());
    const again = await createStore({ dir, retention: 50 });
    expect(again.all().map((d) => d.id)).toEqual(newest);
    await again.close();
  });

  it("keeps a removal and a clear done across a restart", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 100 });
    const a = await store.add(delivery({ endpoint: "a" }));
    const b = await store.add(delivery({ endpoint: "b" }));
    await store.add(delivery({ endpoint: "c" }));
    await store.add(delivery({ endpoint: "c" }));
    expect(await store.remove([a.id])).toEqual([a.id]);
    expect(await store.clear("c")).toHaveLength(2);
    await store.close();
    const again = await createStore({ dir, retention: 100 });
    expect(again.all().map((d) => d.id)).toEqual([b.id]);
    expect([...again.countsByEndpoint().keys()]).toEqual(["b"]);
    await again.close();
  });

  it("loses nothing when deliveries are deleted while the active segment fills up", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 10_000 });
    const first: { id: string }[] = [];
    for (let i = 0; i < SEGMENT_SIZE * 2 - 5; i++) first.push(await store.add(delivery()));
    // one in the sealed segment (its file is rewritten first), one in the active one
    const victims = [first[3]?.id as string, first[SEGMENT_SIZE + 3]?.id as string];
    const [, ...later] = await Promise.all([
      store.remove(victims),
      ...Array.from({ length: 20 }, () => store.add(delivery())),
    ]);
    // on disk at this very moment (as a crash would leave it): everything acknowledged but the victims
    const onDisk = idsOnDisk(join(dir, "segments"));
    for (const d of [...first, ...(later as { id: string }[])]) {
      expect(onDisk.has(d.id)).toBe(!victims.includes(d.id));
    }
    await store.close();
    const again = await createStore({ dir, retention: 10_000 });
    const ids = new Set(again.all().map((d) => d.id));
    expect(again.count()).toBe(SEGMENT_SIZE * 2 - 5 + 20 - 2);
    for (const victim of victims) expect(ids.has(victim)).toBe(false);
    for (const d of [...first.filter((d) => !victims.includes(d.id)), ...(later as { id: string }[])]) {
      expect(ids.has(d.id)).toBe(true);
      expect((await again.get(d.id))?.id).toBe(d.id);
    }
    await again.close();
  });

  it("refuses a second instance on the same data dir", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 100 });
    // the lock holds this process's pid: a second open must see it as taken by a live process
    await writeFile(join(dir, "quayside.lock"), String(process.ppid));
    await expect(createStore({ dir, retention: 100 })).rejects.toThrow(/another Quayside/);
    await store.close();
  });

  it("hands each reader of a stored delivery a copy of its own, the same as was stored", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 100 });
    const a = await store.add(delivery({ body: { text: '{"tag":"v1"}' } }));
    const first = (await store.get(a.id)) as DeliveryDetail;
    expect(first).toEqual(JSON.parse(JSON.stringify(a)));
    first.body = { text: "changed by a reader" };
    first.replays.push({ at: "t", target: "self", status: 500, headers: [], body: "", durationMs: 1 });
    const second = await store.get(a.id);
    expect(second).not.toBe(first);
    expect(second?.body).toEqual({ text: '{"tag":"v1"}' });
    expect(second?.replays).toEqual([]);
    // and a search still reads the stored body, not what a reader did to its copy
    expect((await store.list({ q: "v1" }, 10)).items.map((i) => i.id)).toEqual([a.id]);
    expect((await store.list({ q: "reader" }, 10)).items).toEqual([]);
    await store.close();
  });

  it("keeps replay results and endpoint settings across a restart", async () => {
    const dir = tempDir();
    const store = await createStore({ dir, retention: 100 });
    const a = await store.add(delivery());
    await store.addReplay(a.id, {
      at: "t",
      target: "self",
      status: 200,
      headers: [],
      body: "",
      durationMs: 1,
    });
    expect((await store.get(a.id))?.replays).toHaveLength(1);
    await store.endpoints.put({ name: "ci", clientCert: { mode: "require", pins: [] }, rules: [] });
    await store.close();
    const again = await createStore({ dir, retention: 100 });
    expect((await again.get(a.id))?.replays[0]?.status).toBe(200);
    expect(again.endpoints.get("ci")?.clientCert.mode).toBe("require");
    await again.close();
  });
});
