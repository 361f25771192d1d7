// A sealed segment's index file is what start-up reads: written compact, read back to the same
// summaries, and index files in the first shape (summary objects) still load.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DeliverySummary } from "../../server/contract/index.ts";
import { createStore } from "../../server/store/index.ts";
import { decodeIndex, encodeIndex, isIndexFile } from "../../server/store/index-file.ts";
import { SEGMENT_SIZE } from "../../server/store/segments.ts";
import { toSummary } from "../../server/store/summary.ts";
import { makeDelivery } from "../helpers/delivery.ts";

const dirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), "quayside-idx-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Summaries with every optional and nullable field both set and not. */
function variedSummaries(): DeliverySummary[] {
  return [
    toSummary(makeDelivery({ id: "plain" })),
    toSummary(
      makeDelivery({
        id: "stub",
        registry: null,
        event: null,
        repository: null,
        tag: null,
        digest: "sha256:abc",
        chain: null,
        replayOf: "plain",
        note: "too-large",
        status: 0,
        action: "hang",
        sig: "invalid",
        kind: "blob",
        clientCert: { presented: false, verdict: "none" },
      }),
    ),
  ];
}

describe("segment index files", () => {
  it("reads back exactly the summaries it wrote, optional fields included", () => {
    const summaries = variedSummaries();
    const written = JSON.parse(JSON.stringify(encodeIndex(summaries)));
    expect(isIndexFile(written)).toBe(true);
    expect(decodeIndex(written)).toEqual(summaries);
    expect(decodeIndex(written)[1]?.kind).toBe("blob");
  });

  it("refuses a compact index whose row has a field of the wrong type or a reference out of range", () => {
    const good = encodeIndex(variedSummaries());
    const bad = (change: (row: unknown[]) => void) => {
      const copy = JSON.parse(JSON.stringify(good));
      change(copy.rows[0]);
      return isIndexFile(copy);
    };
    expect(bad(() => {})).toBe(true);
    expect(bad((row) => row.pop())).toBe(false);
    expect(bad((row) => (row[0] = 99))).toBe(false);
    expect(bad((row) => (row[0] = -1))).toBe(false);
    expect(bad((row) => (row[13] = 7))).toBe(false);
  });

  it("writes a sealed segment's index at under half the size of summary objects", async () => {
    const dir = await tempDir();
    const store = await createStore({ dir, retention: 10_000 });
    for (let i = 0; i <= SEGMENT_SIZE; i++) await store.add(makeDelivery());
    const asObjects = JSON.stringify({
      items: store
        .all()
        .slice(0, SEGMENT_SIZE)
        .map((summary) => ({ summary })),
    });
    await store.close();
    const index = join(dir, "segments", "00000001.idx.json");
    expect((await stat(index)).size).toBeLessThan(Buffer.byteLength(asObjects) / 2);
  });

  it("starts on compact index files, and on files in the first shape (summary objects), with the same summaries", async () => {
    const dir = await tempDir();
    const store = await createStore({ dir, retention: 10_000 });
    // runs of one endpoint and single ones in between
    const endpointOf = (i: number) => (i % 7 === 0 ? "b" : "a");
    for (let i = 0; i < SEGMENT_SIZE * 2 + 3; i++) await store.add(makeDelivery({ endpoint: endpointOf(i) }));
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < SEGMENT_SIZE * 2 + 3; i++) counts[endpointOf(i)] += 1;
    const before = store.all();
    await store.close();
    const compact = await createStore({ dir, retention: 10_000 });
    expect(compact.all()).toEqual(before);
    expect(Object.fromEntries(compact.countsByEndpoint())).toEqual(counts);
    await compact.close();
    for (const n of ["00000001", "00000002"]) {
      const file = join(dir, "segments", `${n}.idx.json`);
      const summaries = decodeIndex(JSON.parse(await readFile(file, "utf8")));
      await writeFile(file, JSON.stringify({ items: summaries.map((summary) => ({ summary, search: "" })) }));
    }
    const again = await createStore({ dir, retention: 10_000 });
    expect(again.all()).toEqual(before);
    expect(again.warnings()).toEqual([]);
    expect(Object.fromEntries(again.countsByEndpoint())).toEqual(counts);
    await again.close();
  });
});
