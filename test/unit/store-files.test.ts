// The store's file primitives on a real temp dir: atomic replacement (text and gathered buffers),
// unreadable files moved aside under a name that says when, stale temp files cleared at start,
// and the segment listing that reads only NNNNNNNN.json / .log names, in number order.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CorruptFileError,
  DurableJsonFile,
  moveAside,
  readTextIfAny,
  removeStaleTemps,
  replaceFile,
} from "../../server/store/durable-file.ts";
import { createSegmentFiles } from "../../server/store/segments.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "quayside-files-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("durable files", () => {
  it("replaces a file with text or with gathered buffers, leaving no temp file", async () => {
    const file = join(dir, "a.json");
    await replaceFile(file, "first");
    await replaceFile(file, [Buffer.from("ab"), Buffer.from(""), Buffer.from("cde")]);
    expect(await readFile(file, "utf8")).toBe("abcde");
    expect(await readdir(dir)).toEqual(["a.json"]);
  });

  it("reads null for a missing file and rethrows any other error", async () => {
    expect(await readTextIfAny(join(dir, "none.json"))).toBeNull();
    await mkdir(join(dir, "a-dir"));
    await expect(readTextIfAny(join(dir, "a-dir"))).rejects.toMatchObject({ code: "EISDIR" });
  });

  it("moves an unreadable file aside under a name with the time, colons and dots replaced", async () => {
    const file = join(dir, "x.json");
    await writeFile(file, "not json");
    const movedTo = await moveAside(file);
    expect(movedTo).toMatch(/x\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(await readFile(movedTo, "utf8")).toBe("not json");
  });

  it("treats JSON of the wrong shape like text that does not parse", async () => {
    const file = join(dir, "s.json");
    const isList = (v: unknown): v is number[] => Array.isArray(v);
    await writeFile(file, '{"a":1}');
    const adapter = new DurableJsonFile(file, isList);
    expect(await adapter.read()).toBeNull();
    expect(adapter.corrupt).toBeInstanceOf(CorruptFileError);
    expect(adapter.corrupt?.name).toBe("CorruptFileError");
    expect(adapter.corrupt?.message).toBe(
      `${file} could not be read and was moved aside to ${adapter.corrupt?.movedTo}`,
    );
    await writeFile(file, "[1,2]");
    const good = new DurableJsonFile(file, isList);
    expect(await good.read()).toEqual([1, 2]);
    expect(good.corrupt).toBeNull();
  });

  it("gives every temp file a name of its own and clears only temp files at start", async () => {
    const file = join(dir, "c.json");
    await Promise.all(Array.from({ length: 5 }, (_, i) => replaceFile(file, `v${i}`)));
    expect(await readFile(file, "utf8")).toMatch(/^v[0-4]$/);
    await writeFile(join(dir, `c.json.tmp-${process.pid}-999`), "half");
    await writeFile(join(dir, "c.json.tmp-keep"), "not a temp");
    await removeStaleTemps(dir);
    expect((await readdir(dir)).sort()).toEqual(["c.json", "c.json.tmp-keep"]);
  });
});

describe("the segment listing", () => {
  it("lists segment numbers in order from .json and .log names only", async () => {
    const seg = join(dir, "segments");
    await mkdir(seg);
    for (const f of ["00000010.json", "00000002.log", "00000002.json", "00000009.log"]) {
      await writeFile(join(seg, f), "");
    }
    for (const f of ["x00000003.json", "00000004.json.bak", "00000005.idx.json", "0000006.json"]) {
      await writeFile(join(seg, f), "");
    }
    const listing = await createSegmentFiles(seg).init();
    expect(listing.numbers).toEqual([2, 9, 10]);
    expect([...listing.sealed].sort((a, b) => a - b)).toEqual([2, 10]);
    expect([...listing.journals].sort((a, b) => a - b)).toEqual([2, 9]);
  });

  it("removes all three files of a segment, and one that has only some of them", async () => {
    const seg = join(dir, "segments");
    await mkdir(seg);
    for (const f of ["00000001.json", "00000001.idx.json", "00000001.log", "00000002.json"]) {
      await writeFile(join(seg, f), "");
    }
    const files = createSegmentFiles(seg);
    await files.remove(1);
    await files.remove(2);
    await files.remove(3);
    expect(await readdir(seg)).toEqual([]);
    // any other failure is not taken for "already gone"
    await mkdir(join(seg, "00000004.json"));
    await expect(files.remove(4)).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
  });
});
