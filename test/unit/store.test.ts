import { readdirSync, readFileSync } from "node:fs";
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { createCommitter } from "../../server/store/commit.ts";
import { createStore } from "../../server/store/index.ts";
import { SEGMENT_SIZE, type SegmentDb } from "../../server/store/segments.ts";
import type { NewDelivery } from "../../server/store/types.ts";
import { makeDelivery } from "../helpers/delivery.ts";

const dirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), "quayside-store-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const delivery = (over: Partial<NewDelivery> = {}): NewDelivery => makeDelivery(over);

/**
 * The ids in a segments folder's sealed files and journals, as a fresh start would read them
 * (scanned again when a file went away mid-scan: a seal finished meanwhile).
 */
async function idsOnDisk(segments: string): Promise<Set<string>> {
  for (let attempt = 1; ; attempt++) {
    const ids = new Set<string>();
    try {
      for (const file of await readdir(segments)) {
        const sealed = /^\d{8}\.json$/.test(file);
        if (!sealed && !/^\d{8}\.log$/.test(file)) continue;
        const text = await readFile(join(segments, file), "utf8");
        const records = sealed
          ? JSON.parse(text).deliveries
          : text
              .split("\n")
              .filter(Boolean)
              .map((l) => JSON.parse(l));
        for (const d of records) ids.add(d.id);
      }
      return ids;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT" || attempt === 20) throw e;
    }
  }
}

/** The ids a fresh start would read right now (synchronous: nothing else runs meanwhile). */
function idsOnDiskNow(segments: string): Set<string> {
  for (let attempt = 1; ; attempt++) {
    const ids = new Set<string>();
    try {
      for (const file of readdirSync(segments)) {
        const sealed = /^\d{8}\.json$/.test(file);
        if (!sealed && !/^\d{8}\.log$/.test(file)) continue;
        const text = readFileSync(join(segments, file), "utf8");
        const records: { id: string }[] = sealed
          ? JSON.parse(text).deliveries
          : text
              .split("\n")
              .filter(Boolean)
              .map((l) => JSON.parse(l));
        for (const d of records) ids.add(d.id);
      }
      return ids;
    } catch (e) {
      // a seal finished mid-scan (its journal went away): scan again
      if ((e as NodeJS.ErrnoException).code !== "ENOENT" || attempt === 20) throw e;
    }
  }
}

describe("store", () => {
  it("keeps deliveries across a restart, newest first, with their exact bodies", async () => {
    const dir = await tempDir();
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
    const dir = await tempDir();
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
          if (probes.has(i) && !idsOnDiskNow(join(dir, "segments")).has(d.id)) notOnDisk.push(d.id);
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

  it("pages with a cursor and filters by endpoint, status class and text", async () => {
    const dir = await tempDir();
    const store = await createStore({ dir, retention: 100 });
    for (let i = 0; i < 7; i++) {
      await store.add(
        delivery({
          endpoint: i % 2 ? "odd" : "even",
          status: i === 3 ? 503 : 200,
          body: { text: `{"tag":"v${i}"}` },
        }),
      );
    }
    const first = await store.list({}, 3);
    expect(first.items).toHaveLength(3);
    const second = await store.list({}, 3, first.next);
    expect(second.items[0]?.seq).toBeLessThan(first.items[2]?.seq ?? 0);
    expect((await store.list({ endpoint: "odd" }, 10)).items).toHaveLength(3);
    expect((await store.list({ status: "5xx" }, 10)).items).toHaveLength(1);
    expect((await store.list({ q: "v4" }, 10)).items).toHaveLength(1);
    await store.close();
  });

  it("drops the oldest beyond retention, also after a restart with a lower retention", async () => {
    const dir = await tempDir();
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
    const dir = await tempDir();
    const store = await createStore({ dir, retention: 50 });
    const added: { id: string }[] = [];
    for (let i = 0; i < SEGMENT_SIZE * 2 + 30; i++) added.push(await store.add(delivery()));
    await store.close();
    const newest = added.slice(-50).map((d) => d.id);
    expect([...(await idsOnDisk(join(dir, "segments")))].sort()).toEqual([...newest].sort());
    const again = await createStore({ dir, retention: 50 });
    expect(again.all().map((d) => d.id)).toEqual(newest);
    await again.close();
  });

  it("removes one delivery or clears an endpoint", async () => {
    const dir = await tempDir();
    const store = await createStore({ dir, retention: 100 });
    const a = await store.add(delivery({ endpoint: "a" }));
    await store.add(delivery({ endpoint: "b" }));
    await store.add(delivery({ endpoint: "b" }));
    expect(await store.remove([a.id, "nope"])).toEqual([a.id]);
    expect(await store.get(a.id)).toBeUndefined();
    expect(store.countsByEndpoint().get("b")).toBe(2);
    expect(store.countsByEndpoint().has("a")).toBe(false);
    expect(await store.clear("b")).toHaveLength(2);
    expect(store.count()).toBe(0);
    expect(store.countsByEndpoint().size).toBe(0);
    await store.close();
    const again = await createStore({ dir, retention: 100 });
    expect(again.count()).toBe(0);
    await again.close();
  });

  it("keeps every complete record of a journal with a record cut off, and moves the original aside", async () => {
    const dir = await tempDir();
    const store = await createStore({ dir, retention: 100 });
    const kept = await store.add(delivery());
    await store.close();
    const journal = join(dir, "segments", "00000001.log");
    // a crash in the middle of appending a record, while a concurrent append went through
    const after = { ...kept, id: "d-after", seq: kept.seq + 2 };
    await appendFile(journal, `\n{"id":"d-cut-off","endpoi\n${JSON.stringify(after)}`);
    const again = await createStore({ dir, retention: 100 });
    expect(again.all().map((d) => d.id)).toEqual([kept.id, "d-after"]);
    expect(again.warnings().join(" ")).toMatch(/2 complete deliveries were kept .*moved aside/);
    const segments = await readdir(join(dir, "segments"));
    expect(segments.some((f) => f.startsWith("00000001.log.corrupt-"))).toBe(true);
    await again.add(delivery());
    await again.close();
    const lines = (await readFile(journal, "utf8")).split("\n").filter(Boolean);
    expect(lines.map((l) => JSON.parse(l).id).slice(0, 2)).toEqual([kept.id, "d-after"]);
    expect(lines).toHaveLength(3);
  });

  it("seals a journal left full by a crash and drops an empty one at start", async () => {
    const dir = await tempDir();
    const store = await createStore({ dir, retention: 1000 });
    const records = [];
    for (let i = 0; i < SEGMENT_SIZE + 1; i++) records.push(await store.add(delivery()));
    await store.close();
    const segDir = join(dir, "segments");
    // as if the crash came before segment 1 was sealed, with an empty journal 2 opened
    const sealedFile = JSON.parse(await readFile(join(segDir, "00000001.json"), "utf8"));
    await writeFile(
      join(segDir, "00000001.log"),
      sealedFile.deliveries.map((d: unknown) => `\n${JSON.stringify(d)}`).join(""),
    );
    await rm(join(segDir, "00000001.json"));
    await rm(join(segDir, "00000001.idx.json"));
    // the last delivery moves to a journal 3, leaving journal 2 empty
    await writeFile(join(segDir, "00000003.log"), `\n${JSON.stringify(records.at(-1))}`);
    await writeFile(join(segDir, "00000002.log"), "");
    const again = await createStore({ dir, retention: 1000 });
    expect(again.count()).toBe(SEGMENT_SIZE + 1);
    expect((await readdir(segDir)).sort()).toEqual(["00000001.idx.json", "00000001.json", "00000003.log"]);
    await again.close();
  });

  it("moves a truncated sealed segment aside, says so, and starts", async () => {
    const dir = await tempDir();
    const store = await createStore({ dir, retention: 1000 });
    for (let i = 0; i <= SEGMENT_SIZE; i++) await store.add(delivery());
    await store.close();
    const segDir = join(dir, "segments");
    await writeFile(join(segDir, "00000001.json"), '{"deliveries":[{"id":"d');
    await rm(join(segDir, "00000001.idx.json"));
    const again = await createStore({ dir, retention: 1000 });
    expect(again.count()).toBe(1);
    expect(again.warnings().join(" ")).toMatch(/moved aside/);
    expect((await readdir(segDir)).some((f) => f.startsWith("00000001.json.corrupt-"))).toBe(true);
    await again.add(delivery());
    expect(again.count()).toBe(2);
    await again.close();
  });

  it("loses nothing when deliveries are deleted while the active segment fills up", async () => {
    const dir = await tempDir();
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
    const onDisk = await idsOnDisk(join(dir, "segments"));
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
    const dir = await tempDir();
    const store = await createStore({ dir, retention: 100 });
    // the lock holds this process's pid: a second open must see it as taken by a live process
    await writeFile(join(dir, "quayside.lock"), String(process.ppid));
    await expect(createStore({ dir, retention: 100 })).rejects.toThrow(/another Quayside/);
    await store.close();
  });

  it("records replay results on the stored delivery", async () => {
    const dir = await tempDir();
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
