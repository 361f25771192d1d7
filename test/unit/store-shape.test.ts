// Data files are input too: JSON of the wrong shape in a journal, a sealed segment or an index is
// set aside and reported like a file that does not parse, and the store starts with the rest.
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createStore } from "../../server/store/index.ts";
import { SEGMENT_SIZE } from "../../server/store/segments.ts";
import { makeDelivery } from "../helpers/delivery.ts";

const dirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), "quayside-shape-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const WRONG_SHAPES = ["null", "1", "{}", "[]", '"text"', '{"id":5}', '{"id":"d-x","headers":"no"}'];

describe("store start-up with data of the wrong shape", () => {
  for (const line of WRONG_SHAPES) {
    it(`sets a journal line of ${line} aside, reports it, and keeps every delivery around it`, async () => {
      const dir = await tempDir();
      const store = await createStore({ dir, retention: 100 });
      const first = await store.add(makeDelivery());
      await store.close();
      const journal = join(dir, "segments", "00000001.log");
      const after = { ...first, id: "d-after", seq: first.seq + 1 };
      await appendFile(journal, `\n${line}\n${JSON.stringify(after)}`);

      const again = await createStore({ dir, retention: 100 });
      expect(again.all().map((d) => d.id)).toEqual([first.id, "d-after"]);
      expect(again.warnings().join(" ")).toMatch(/1 incomplete or unreadable line.*moved aside/);
      expect((await readdir(join(dir, "segments"))).some((f) => f.startsWith("00000001.log.corrupt-"))).toBe(
        true,
      );
      // the list, search and a body read all work after the start
      const found = await again.list({ q: "d-after" }, 10);
      expect(found.items.map((d) => d.id)).toEqual(["d-after"]);
      expect((await again.get("d-after"))?.id).toBe("d-after");
      await again.close();
    });
  }

  it("moves a sealed segment of the wrong shape aside and starts with the other segments", async () => {
    const dir = await tempDir();
    const store = await createStore({ dir, retention: 1000 });
    for (let i = 0; i <= SEGMENT_SIZE; i++) await store.add(makeDelivery());
    await store.close();
    const segDir = join(dir, "segments");
    await writeFile(join(segDir, "00000001.json"), '{"deliveries":[null,1]}');
    await rm(join(segDir, "00000001.idx.json"));

    const again = await createStore({ dir, retention: 1000 });
    expect(again.count()).toBe(1);
    expect(again.warnings().join(" ")).toMatch(/00000001\.json could not be read and was moved aside/);
    expect((await readdir(segDir)).some((f) => f.startsWith("00000001.json.corrupt-"))).toBe(true);
    await again.close();
  });

  it("rebuilds an index of the wrong shape from its sealed segment", async () => {
    const dir = await tempDir();
    const store = await createStore({ dir, retention: 1000 });
    for (let i = 0; i <= SEGMENT_SIZE; i++) await store.add(makeDelivery());
    await store.close();
    const segDir = join(dir, "segments");
    await writeFile(join(segDir, "00000001.idx.json"), '{"items":[{"summary":null,"search":""}]}');

    const again = await createStore({ dir, retention: 1000 });
    expect(again.count()).toBe(SEGMENT_SIZE + 1);
    const index = JSON.parse(await readFile(join(segDir, "00000001.idx.json"), "utf8"));
    expect(index.rows).toHaveLength(SEGMENT_SIZE);
    await again.close();
  });
});
