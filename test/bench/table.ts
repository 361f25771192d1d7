// The benchmark's one table: medians over the rounds, and each row's ratio to its baseline as
// the ratio of medians with the spread of the per-round ratios.
import type { LoadResult } from "./load.ts";

export interface Row {
  name: string;
  results: LoadResult[];
  /** Server CPU per round: 1 = one core. */
  cpu: number[];
  /** The server's main thread alone per round: near 1 means that thread is what bounds it. */
  main: number[];
  /** The machine's idle cores per round: near 0 means the machine is what bounds it. */
  idle: number[];
  rss: number;
  baseline?: Row;
  goal?: string;
}

export const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const pad = (s: string, n: number) => s.padEnd(n);
const num = (n: number, d = 0) => n.toFixed(d);

function ratio(row: Row): string {
  const base = row.baseline;
  if (!base) return "(baseline)";
  const rps = (r: Row) => r.results.map((x) => x.rps);
  const perRound = row.results.map((x, i) => x.rps / (base.results[i]?.rps ?? Number.NaN));
  const spread = `${num(Math.min(...perRound), 2)}-${num(Math.max(...perRound), 2)}`;
  const p99 = median(row.results.map((x) => x.p99)) / median(base.results.map((x) => x.p99));
  return `${num(median(rps(row)) / median(rps(base)), 2)}x rps (${spread}), ${num(p99, 2)}x p99`;
}

/** One row against another baseline than its own, with the spread of the per-round ratios. */
export function versus(label: string, row: Row, base: Row, goal?: string): string {
  const perRound = row.results.map((x, i) => x.rps / (base.results[i]?.rps ?? Number.NaN));
  const m = median(row.results.map((x) => x.rps)) / median(base.results.map((x) => x.rps));
  return `${label}: ${num(m, 2)}x req/s (rounds ${num(Math.min(...perRound), 2)}-${num(Math.max(...perRound), 2)})${goal ? `, goal ${goal}` : ""}`;
}

export function printTable(rows: Row[], run: { rounds: number; durationMs: number; bodyBytes: number }) {
  console.log(
    `\nQuayside benchmark — ${run.rounds} rounds of ${run.durationMs / 1000} s per scenario, ~${run.bodyBytes} B body, 2-core loopback; medians\n`,
  );
  console.log(
    `${pad("scenario", 44)}${pad("req/s", 9)}${pad("p50 ms", 9)}${pad("p99 ms", 9)}${pad("errors", 8)}${pad("peak RSS", 10)}${pad("srv CPU", 9)}${pad("main thr", 10)}${pad("idle", 7)}${pad("vs baseline (rounds)", 34)}goal`,
  );
  for (const r of rows) {
    const m = (f: (x: LoadResult) => number) => median(r.results.map(f));
    const errors = r.results.reduce((n, x) => n + x.errors, 0);
    console.log(
      `${pad(r.name, 44)}${pad(num(m((x) => x.rps)), 9)}${pad(
        num(
          m((x) => x.p50),
          1,
        ),
        9,
      )}${pad(
        num(
          m((x) => x.p99),
          1,
        ),
        9,
      )}${pad(String(errors), 8)}${pad(`${num(r.rss)} MB`, 10)}${pad(`${num(median(r.cpu) * 100)}%`, 9)}${pad(`${num(median(r.main) * 100)}%`, 10)}${pad(`${num(median(r.idle) * 100)}%`, 7)}${pad(ratio(r), 34)}${r.goal ?? ""}`,
    );
  }
}
