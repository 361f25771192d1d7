// Reading a durable store's segments folder as a fresh start would, for durability tests, and
// temp data dirs removed after each test.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

/** A temp data dir factory whose dirs are removed after each test of the calling file. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/**
 * The ids a fresh start would read right now from a segments folder's sealed files and
 * journals. Synchronous, so nothing else runs meanwhile (read at an acknowledgement, it shows
 * what a crash right then would leave); scanned again when a seal finished mid-scan.
 */
export function idsOnDisk(segments: string): Set<string> {
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
