// Full-text search at scale: how long `q` takes to find a word deep in one body among all stored
// deliveries, against GNU grep listing the data files that hold it (`grep -rlF`), page cache warm.
// Run alone with `node --import tsx test/bench/search.ts [count]`; `npm run bench` uses it too.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createStore } from "../../server/store/index.ts";
import { fillStore, sampleBody } from "./fill.ts";

/** The word searched for: in one body only, at about character DEEP_AT. */
export const DEEP_WORD = "Cve-2031-4711zq";
const DEEP_AT = 700;

/** `body` with DEEP_WORD at character ~700 (inside the sample's long note, so still JSON). */
export function deepBody(body: string): string {
  return `${body.slice(0, DEEP_AT)}${DEEP_WORD}${body.slice(DEEP_AT)}`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;

/** Runs `fn` once to warm up, then `runs` times; the median time in ms and the last result. */
async function timed<T>(fn: () => Promise<T>, runs = 3): Promise<{ ms: number; result: T }> {
  let result = await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), result };
}

function grepFiles(dir: string, word: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const grep = spawn("grep", ["-rlF", word, dir], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    grep.stdout.on("data", (d) => {
      out += d;
    });
    grep.once("error", reject);
    grep.once("exit", () => resolve(out.split("\n").filter(Boolean)));
  });
}

export interface SearchTiming {
  searchMs: number;
  grepMs: number;
  /** Deliveries the search found (1 expected). */
  found: number;
}

/** Times the store's search for DEEP_WORD (lower-cased, as a user types it) and grep on `dir`. */
export async function measureSearch(dir: string): Promise<SearchTiming> {
  const grep = await timed(() => grepFiles(dir, DEEP_WORD));
  const store = await createStore({ dir, retention: Number.MAX_SAFE_INTEGER });
  try {
    const search = await timed(() => store.list({ q: DEEP_WORD.toLowerCase() }, 100));
    return { searchMs: search.ms, grepMs: grep.ms, found: search.result.items.length };
  } finally {
    await store.close();
  }
}

export function searchLine(stored: number, t: SearchTiming): string {
  const ratio = t.searchMs / t.grepMs;
  return `search for a word at character ~${DEEP_AT} of one body among ${stored} stored: ${t.searchMs.toFixed(0)} ms (found ${t.found}), grep -rlF ${t.grepMs.toFixed(0)} ms: ${ratio.toFixed(2)}x (goal <= 2x)`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const count = Number(process.argv[2] ?? 100_000);
  const dir = process.env.BENCH_SEARCH_DIR ?? (await mkdtemp(join(tmpdir(), "quayside-search-")));
  try {
    const body = sampleBody();
    if (!process.env.BENCH_SEARCH_DIR)
      await fillStore(dir, count, body, (i) => (i === 10 ? deepBody(body) : undefined));
    const rss0 = process.memoryUsage().rss;
    console.log(searchLine(count, await measureSearch(dir)));
    console.log(
      `rss ${(rss0 / 2 ** 20).toFixed(0)} -> ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
  } finally {
    if (!process.env.BENCH_SEARCH_DIR) await rm(dir, { recursive: true, force: true });
  }
}
