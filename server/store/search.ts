// createSearcher: scans sealed segment files for search terms in a worker thread, so a search
// over 100,000 deliveries never holds up the receiver's event loop. Files are scanned in the
// order given (newest first) and each one's matches handed back as soon as it is done; a scan is
// stopped through a shared flag the worker reads before each file. The worker starts with the
// first search and ends after IDLE_MS without one (its memory is let go).
import { Worker } from "node:worker_threads";

/** How long an idle search worker is kept. */
const IDLE_MS = 30_000;

export interface ScanJob {
  id: number;
  /** One Int32: set to 1 to stop the scan. */
  stop: SharedArrayBuffer;
  terms: string[];
  /** Each file with the terms (bits) a match there must hold in the file itself. */
  files: { n: number; path: string; need: number }[];
}

export type ScanReply =
  | { job: number; n: number; matches: [string, number][] }
  | { job: number; done: ScanEnd }
  | { job: number; error: string };

export interface ScanEnd {
  /** Files read. */
  scanned: number;
  /** Stopped before the last file. */
  stopped: boolean;
}

export interface Scan {
  /** Segment n's records that match terms deeply (id → term bits); resolve in the order given. */
  matches(n: number): Promise<Map<string, number>>;
  /** Stops the worker's scan before its next file. */
  stop(): void;
  finished: Promise<ScanEnd>;
}

export interface Searcher {
  scan(files: ScanJob["files"], terms: string[]): Scan;
  close(): Promise<void>;
}

/** Starts the worker from the TypeScript sources: tsx is loaded in it first (tests, the bench). */
const TS_BOOT = `const { workerData } = require("node:worker_threads");
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });`;

/** The worker's module: the bundle's sibling (dist/server/search-worker.mjs), or the source. */
function newWorker(): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./search-worker.mjs", import.meta.url));
  const entry = new URL("./search-worker.ts", import.meta.url).href;
  return new Worker(TS_BOOT, { eval: true, workerData: { tsx: import.meta.resolve("tsx/esm/api"), entry } });
}

interface JobState {
  results: Map<number, Map<string, number>>;
  waiting: Map<number, { resolve: (m: Map<string, number>) => void; reject: (e: Error) => void }>;
  end: ScanEnd | null;
  error: Error | null;
  settle: { resolve: (e: ScanEnd) => void; reject: (e: Error) => void };
}

export function createSearcher(): Searcher {
  let worker: Worker | null = null;
  let nextId = 1;
  let idle: NodeJS.Timeout | null = null;
  const jobs = new Map<number, JobState>();

  function finish(id: number, state: JobState): void {
    jobs.delete(id);
    const error = state.error;
    for (const [n, w] of state.waiting) {
      if (error) w.reject(error);
      else w.resolve(state.results.get(n) ?? new Map());
    }
    state.waiting.clear();
    if (error) state.settle.reject(error);
    else state.settle.resolve(state.end as ScanEnd);
    if (jobs.size === 0 && worker) {
      const current = worker;
      current.unref(); // idle: it never keeps the process alive
      idle = setTimeout(() => {
        worker = null;
        void current.terminate();
      }, IDLE_MS);
      idle.unref();
    }
  }

  function onReply(reply: ScanReply): void {
    const state = jobs.get(reply.job);
    if (!state) return;
    if ("n" in reply) {
      const found = new Map(reply.matches);
      const waiter = state.waiting.get(reply.n);
      if (waiter) {
        state.waiting.delete(reply.n);
        waiter.resolve(found);
      } else state.results.set(reply.n, found);
    } else if ("done" in reply) {
      state.end = reply.done;
      finish(reply.job, state);
    } else {
      state.error = new Error(`search failed: ${reply.error}`);
      finish(reply.job, state);
    }
  }

  function failAll(why: Error): void {
    worker = null;
    for (const [id, state] of jobs) {
      state.error = why;
      finish(id, state);
    }
  }

  function start(): Worker {
    const w = newWorker();
    w.on("message", onReply);
    w.on("error", (e) => failAll(new Error(`search worker failed: ${e.message}`)));
    w.on("exit", () => {
      if (worker === w) failAll(new Error("search worker stopped"));
    });
    return w;
  }

  return {
    scan(files, terms) {
      if (idle) clearTimeout(idle);
      worker ??= start();
      worker.ref(); // a search under way keeps the process alive until it answers
      const id = nextId++;
      const stop = new SharedArrayBuffer(4);
      let settle!: JobState["settle"];
      const finished = new Promise<ScanEnd>((resolve, reject) => {
        settle = { resolve, reject };
      });
      finished.catch(() => {}); // callers see the failure through matches()
      const state: JobState = { results: new Map(), waiting: new Map(), end: null, error: null, settle };
      jobs.set(id, state);
      worker.postMessage({ id, stop, terms, files } satisfies ScanJob);
      return {
        finished,
        stop: () => Atomics.store(new Int32Array(stop), 0, 1),
        matches(n) {
          const ready = state.results.get(n);
          if (ready) {
            state.results.delete(n);
            return Promise.resolve(ready);
          }
          if (state.error) return Promise.reject(state.error);
          if (state.end) return Promise.resolve(new Map());
          return new Promise((resolve, reject) => state.waiting.set(n, { resolve, reject }));
        },
      };
    },
    async close() {
      if (idle) clearTimeout(idle);
      const current = worker;
      worker = null;
      failAll(new Error("store closed"));
      if (current) await current.terminate();
    },
  };
}
