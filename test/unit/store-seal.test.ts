// A full segment whose seal fails (here: a directory stands where its sealed file goes, as a
// full disk or a permission fault would make a write fail) keeps working from its journal,
// says so, and is sealed once the fault is gone, without a restart.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createStore } from "../../server/store/index.ts";
import { SEGMENT_SIZE } from "../../server/store/segments.ts";
import { makeDelivery } from "../helpers/delivery.ts";

const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function until(what: string, ok: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const replay = { at: "t", target: "self", status: 202, headers: [], body: "", durationMs: 1 };

describe("store: a segment that cannot be sealed", () => {
  it("keeps serving and changing it from its journal, reports it, and seals it once it can", async () => {
    const dir = await mkdtemp(join(tmpdir(), "quayside-seal-"));
    dirs.push(dir);
    const segments = join(dir, "segments");
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const told: string[][] = [];
    const store = await createStore({
      dir,
      retention: 10_000,
      sealRetryMs: 50,
      onWarnings: (w) => told.push(w),
    });
    // the sealed file's place is taken: renaming the written temp file onto it fails
    const blocker = join(segments, "00000001.json");
    await mkdir(blocker);
    await writeFile(join(blocker, "keep"), "x");

    const added = [];
    for (let i = 0; i < SEGMENT_SIZE + 5; i++)
      added.push(await store.add(makeDelivery({ text: `{"n":${i}}` })));
    await until("the failure is reported", () =>
      store.warnings().some((w) => /segment 1 could not be sealed/.test(w)),
    );
    expect(logged.mock.calls.flat().join("\n")).toMatch(/could not seal segment 1/);
    // the console is told at once (and once, however often the retry fails the same way)
    expect(told).toHaveLength(1);
    expect(told[0]?.join(" ")).toMatch(/segment 1 could not be sealed/);
    // nothing was lost and no temp file was left behind
    const files = await readdir(segments);
    expect(files.filter((f) => f.includes(".tmp-"))).toEqual([]);
    expect(files).toContain("00000001.log");
    const [gone, replayed, plain] = [added[3], added[4], added[5]].map((d) => d?.id as string) as [
      string,
      string,
      string,
    ];
    expect((await store.get(plain))?.body).toEqual({ text: '{"n":5}' });

    // changes to it work meanwhile (they answered an error until a restart before)
    expect(await store.remove([gone])).toEqual([gone]);
    await store.addReplay(replayed, replay);
    expect(await store.get(gone)).toBeUndefined();
    expect((await store.get(replayed))?.replays).toEqual([replay]);

    // the fault goes away: the next try seals it, from the journal with those changes
    await rm(blocker, { recursive: true });
    await until("it is sealed", async () => (await readdir(segments)).includes("00000001.idx.json"));
    await until("the warning is gone", () => store.warnings().length === 0);
    expect(told.at(-1)).toEqual([]);
    const sealed = JSON.parse(await readFile(blocker, "utf8")) as {
      deliveries: { id: string; replays: unknown[] }[];
    };
    expect(sealed.deliveries).toHaveLength(SEGMENT_SIZE - 1);
    expect(sealed.deliveries.some((d) => d.id === gone)).toBe(false);
    expect(sealed.deliveries.find((d) => d.id === replayed)?.replays).toEqual([replay]);
    expect(await readdir(segments)).not.toContain("00000001.log");
    expect(logged.mock.calls.flat().join("\n")).toMatch(/segment 1 is sealed now/);
    await store.close();

    const again = await createStore({ dir, retention: 10_000 });
    expect(again.count()).toBe(SEGMENT_SIZE + 4);
    expect(await again.get(gone)).toBeUndefined();
    expect((await again.get(replayed))?.replays).toEqual([replay]);
    expect((await again.get(plain))?.body).toEqual({ text: '{"n":5}' });
    await again.close();
  });

  it("removes the temp files a crash left mid-write at start, and keeps every delivery", async () => {
    const dir = await mkdtemp(join(tmpdir(), "quayside-seal-"));
    dirs.push(dir);
    const first = await createStore({ dir, retention: 10_000 });
    const kept = await first.add(makeDelivery({ text: '{"kept":true}' }));
    await first.close();
    const segments = join(dir, "segments");
    // what a kill during a seal or a settings write leaves: half-written copies
    await writeFile(join(segments, "00000001.json.tmp-4242-7"), '{"deliveries":[{"id":');
    await writeFile(join(dir, "endpoints.json.tmp-4242-8"), '{"endp');
    await writeFile(join(dir, "notes.tmp"), "not ours");
    const again = await createStore({ dir, retention: 10_000 });
    expect((await readdir(segments)).filter((f) => f.includes(".tmp-"))).toEqual([]);
    expect((await readdir(dir)).filter((f) => f.includes("tmp")).sort()).toEqual(["notes.tmp"]);
    expect((await again.get(kept.id))?.body).toEqual({ text: '{"kept":true}' });
    expect(again.warnings()).toEqual([]);
    await again.close();
  });
});
