// `node --import tsx test/bench/keepalive.ts`: the keep-alive part of `npm run bench` alone
// (bare node:https, bare + durable append, Quayside), alternating for BENCH_ROUNDS rounds, for
// measuring the receive path in under a minute. Everything on 127.0.0.1.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureCerts } from "../../server/tls/certs.ts";
import { sampleBody } from "./fill.ts";
import { type LoadResult, runLoad } from "./load.ts";
import { cpuMs, type Server, startBare, startQuayside } from "./servers.ts";
import { median } from "./table.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000);
const HOOK = "/hooks/bench/quay/repo_push";

const work = await mkdtemp(join(tmpdir(), "quayside-bench-ka-"));
const certsDir = join(work, "certs");
const certs = await ensureCerts(certsDir, {});
const body = sampleBody();
let sent = 0;
const nextBody = () => body.replace('"id":"bench"', `"id":"bench-${++sent}"`);
const servers: { name: string; server: Server; path: string; rps: number[]; cpuUs: number[] }[] = [];
try {
  const add = async (name: string, server: Promise<Server>, path: string) =>
    servers.push({ name, server: await server, path, rps: [], cpuUs: [] });
  await add("bare", startBare(certsDir, "none"), "/");
  await add("durable", startBare(certsDir, "none", join(work, "durable.log")), "/");
  await add("quayside", startQuayside(join(work, "q"), certsDir, []), HOOK);
  const load = (s: (typeof servers)[number], durationMs: number): Promise<LoadResult> =>
    runLoad({
      url: `${s.server.url}${s.path}`,
      body: nextBody,
      ca: certs.ca,
      mode: "keepalive",
      connections: 50,
      durationMs,
    });
  for (const s of servers) await load(s, 1500);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const s of servers) {
      const pid = s.server.proc.pid as number;
      const cpu0 = await cpuMs(pid);
      const r = await load(s, DURATION_MS);
      // server CPU per answered request: steadier than req/s on a machine others share
      s.cpuUs.push((((await cpuMs(pid)) - cpu0) * 1000) / Math.max(1, r.requests));
      if (r.errors > 0) process.stderr.write(`  ${s.name}: ${r.errors} errors\n`);
      s.rps.push(r.rps);
    }
    const [bare, durable, q] = servers.map((s) => s.rps[round - 1] ?? 0);
    process.stderr.write(
      `round ${round}: bare ${bare?.toFixed(0)} durable ${durable?.toFixed(0)} quayside ${q?.toFixed(0)}` +
        ` -> ${((q ?? 0) / (bare ?? 1)).toFixed(2)}x bare, ${((q ?? 0) / (durable ?? 1)).toFixed(2)}x durable\n`,
    );
  }
  const m = servers.map((s) => median(s.rps));
  console.log(
    `medians: bare ${m[0]?.toFixed(0)} durable ${m[1]?.toFixed(0)} quayside ${m[2]?.toFixed(0)}: ` +
      `${((m[2] ?? 0) / (m[0] ?? 1)).toFixed(2)}x bare, ${((m[2] ?? 0) / (m[1] ?? 1)).toFixed(2)}x durable`,
  );
  console.log(
    `server CPU per request (µs): ${servers.map((s) => `${s.name} ${median(s.cpuUs).toFixed(0)}`).join(", ")}`,
  );
} finally {
  for (const s of servers) await s.server.stop();
  await rm(work, { recursive: true, force: true });
}
