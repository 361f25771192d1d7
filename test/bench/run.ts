// `npm run bench`: Quayside against a bare node:https server started in the same run, same
// machine, same load generator. The servers run side by side and the load phases alternate
// between them for several rounds, so a drift in the machine's speed (a shared 2-core VM moves
// by tens of percent) lands on both sides; the table shows medians and each round's ratio.
// Bounded: every server is on 127.0.0.1 and every load phase has a fixed duration.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureCerts } from "../../server/tls/certs.ts";
import { fillStore, sampleBody } from "./fill.ts";
import { type LoadResult, runLoad } from "./load.ts";
import { deepBody, measureSearch, searchLine } from "./search.ts";
import { bareStartMs, measureUsage, peakRssMb, type Server, startBare, startQuayside } from "./servers.ts";
import { median, printTable, type Row, versus } from "./table.ts";

async function repeat<T>(fn: () => Promise<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return out;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000);
const WARMUP_MS = 1500;
const STORED = Number(process.env.BENCH_STORED ?? 100_000);
/** Starts of Quayside on the full store (and bare starts beside them) whose median is shown. */
const STARTS = 3;
const HOOK = "/hooks/bench/quay/repo_push";

interface Scenario {
  name: string;
  server: Server;
  /** Starts a fresh server (an empty data dir) for each round, so rounds never run against what earlier ones stored. */
  fresh?: () => Promise<Server>;
  path: string;
  mode: "keepalive" | "per-connection";
  mtls: boolean;
  baseline?: Scenario;
  goal?: string;
  results: LoadResult[];
  cpu: number[];
  main: number[];
  idle: number[];
  rss: number;
}

async function main() {
  const work = await mkdtemp(join(tmpdir(), "quayside-bench-"));
  const certsDir = join(work, "certs");
  const certs = await ensureCerts(certsDir, {});
  const body = sampleBody();
  // every request is a new event, as a registry's pushes are (identical bodies would be retries)
  let sent = 0;
  const nextBody = () => body.replace('"id":"bench"', `"id":"bench-${++sent}"`);
  const client = { cert: certs.client.cert, key: certs.client.key };
  const retention = ["--retention", String(STORED + 1_000_000)];
  const started: Server[] = [];
  const start = async (s: Promise<Server>) => {
    const server = await s;
    started.push(server);
    return server;
  };
  /** Each Quayside's data dir, and the most full segments found waiting to be sealed. */
  const dataDirs = new Map<Server, string>();
  let unsealed = 0;
  const quayside = async (dir: string) => {
    const server = await start(startQuayside(dir, certsDir, retention));
    dataDirs.set(server, dir);
    return server;
  };
  /** Journals beyond the active one, right after a load phase: seals that fell behind. */
  const waitingSeals = async (server: Server) => {
    const dir = dataDirs.get(server);
    if (!dir) return 0;
    const files = await readdir(join(dir, "segments")).catch(() => []);
    return Math.max(0, files.filter((f) => f.endsWith(".log")).length - 1);
  };

  const scenario = (
    name: string,
    server: Server,
    path: string,
    mode: Scenario["mode"],
    mtls: boolean,
    baseline?: Scenario,
    goal?: string,
  ): Scenario => ({
    name,
    server,
    path,
    mode,
    mtls,
    ...(baseline ? { baseline } : {}),
    ...(goal ? { goal } : {}),
    results: [],
    cpu: [],
    main: [],
    idle: [],
    rss: 0,
  });

  const load = (s: Scenario, durationMs: number) =>
    runLoad({
      url: `${s.server.url}${s.path}`,
      body: nextBody,
      ca: certs.ca,
      mode: s.mode,
      connections: s.mode === "keepalive" ? 50 : 16,
      durationMs,
      ...(s.mtls ? { clientCert: client } : {}),
    });

  /**
   * Warms a scenario's server up. A Quayside started for the scenario first gets keep-alive
   * load: at a new connection per request, a warm-up of WARMUP_MS sends only a few hundred
   * requests, too few for V8 to have optimised the receive path, while the bare baselines run
   * for the whole bench and their code is a few lines. Then the scenario's own load.
   */
  async function warm(s: Scenario) {
    if (s.fresh && s.mode === "per-connection")
      await load({ ...s, mode: "keepalive", mtls: false }, WARMUP_MS);
    await load(s, WARMUP_MS);
  }

  /** A new empty Quayside in place of the scenario's server, warmed up like the first one. */
  async function renew(s: Scenario) {
    if (!s.fresh) return;
    await s.server.stop();
    s.server = await s.fresh();
    await warm(s);
  }

  /** Warms every scenario up once, then measures them in turn, ROUNDS times. */
  async function rounds(scenarios: Scenario[]) {
    for (const s of scenarios) await warm(s);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const s of scenarios) {
        if (round > 1) await renew(s);
        const pid = s.server.proc.pid as number;
        const usage = await measureUsage(pid);
        const result = await load(s, DURATION_MS);
        const used = await usage();
        s.cpu.push(used.cpu);
        s.main.push(used.main);
        s.idle.push(used.idle);
        s.results.push(result);
        s.rss = await peakRssMb(pid);
        unsealed = Math.max(unsealed, await waitingSeals(s.server));
        process.stderr.write(`  round ${round}: ${s.name}: ${result.rps.toFixed(0)} req/s\n`);
      }
    }
  }

  let dirs = 0;
  /** How long each empty Quayside took to start: every round starts new ones. */
  const emptyStarts: number[] = [];
  /** An empty Quayside of its own, in a new data dir. */
  const emptyQuayside = async () => {
    const server = await quayside(join(work, `empty-${++dirs}`));
    emptyStarts.push(server.startMs);
    return server;
  };
  /** Bare starts, each taken right before a Quayside start it is compared with. */
  const bareStarts: number[] = [];
  /** Quayside on the full store, started STARTS times (kept running the last time), each after a bare start. */
  const fullQuayside = async (dir: string) => {
    const starts: number[] = [];
    for (let i = 1; ; i++) {
      bareStarts.push(await bareStartMs(certsDir));
      const server = await quayside(dir);
      starts.push(server.startMs);
      if (i === STARTS) return { server, startMs: median(starts) };
      await server.stop();
    }
  };

  try {
    process.stderr.write("starting the bare baselines and Quayside (empty store)…\n");
    const bare = await start(startBare(certsDir, "none"));
    const bareMtls = await start(startBare(certsDir, "require"));
    const bareDurable = await start(startBare(certsDir, "none", join(work, "durable.log")));
    const bareAskDurable = await start(startBare(certsDir, "ask", join(work, "durable-ask.log")));
    const bareKa = scenario("bare https, 50 keep-alive", bare, "/", "keepalive", false);
    const durableKa = scenario("bare + durable append, 50 keep-alive", bareDurable, "/", "keepalive", false);
    const bareConn = scenario("bare https, new TLS conn/request", bare, "/", "per-connection", false);
    const bareM = scenario("bare https+mTLS, new conn/request", bareMtls, "/", "per-connection", true);
    // what Quayside cannot leave out on this path: asking for a certificate, appending durably
    const mandatoryConn = scenario(
      "bare + ask cert + durable, new conn/request",
      bareAskDurable,
      "/",
      "per-connection",
      false,
    );
    mandatoryConn.baseline = bareConn;
    durableKa.baseline = bareKa;
    const ka = ">= 0.40x req/s, p99 <= 3x";
    const qKa = scenario(
      "quayside, 50 keep-alive",
      await emptyQuayside(),
      HOOK,
      "keepalive",
      false,
      bareKa,
      ka,
    );
    const qConn = scenario(
      "quayside, new TLS conn/request",
      await emptyQuayside(),
      HOOK,
      "per-connection",
      false,
      bareConn,
    );
    const qMtls = scenario(
      "quayside+mTLS, new conn/request",
      await emptyQuayside(),
      HOOK,
      "per-connection",
      true,
      bareM,
    );
    for (const q of [qKa, qConn, qMtls]) q.fresh = emptyQuayside;
    qConn.goal = qMtls.goal = ">= 0.90x";
    await rounds([bareKa, durableKa, qKa, bareConn, mandatoryConn, qConn, bareM, qMtls]);
    bareStarts.push(...(await repeat(() => bareStartMs(certsDir), STARTS)));
    for (const s of started.splice(0)) await s.stop();

    process.stderr.write(`filling a store with ${STORED} deliveries…\n`);
    const fullDir = join(work, "full");
    // one old delivery holds a word deep in its body: the search has to read every segment for it
    await fillStore(fullDir, STORED, body, (i) => (i === 10 ? deepBody(body) : undefined));
    process.stderr.write("timing a search for a word deep in one body, and grep -rlF…\n");
    const search = await measureSearch(fullDir);
    const { server: full, startMs: fullStartMs } = await fullQuayside(fullDir);
    const qFresh = scenario(
      "quayside, empty at start, 50 keep-alive",
      await emptyQuayside(),
      HOOK,
      "keepalive",
      false,
    );
    qFresh.fresh = emptyQuayside;
    const qFull = scenario(`quayside, ${STORED} stored, 50 keep-alive`, full, HOOK, "keepalive", false);
    qFull.baseline = qFresh;
    qFull.goal = ">= 0.85x of empty, RSS < 400 MB";
    await rounds([qFresh, qFull]);

    const rows: Row[] = [bareKa, durableKa, bareConn, mandatoryConn, bareM, qKa, qConn, qMtls, qFresh, qFull];
    printTable(rows, { rounds: ROUNDS, durationMs: DURATION_MS, bodyBytes: body.length });
    console.log(`\n${versus("quayside, 50 keep-alive vs the durable limit", qKa, durableKa, ">= 0.60x")}`);
    console.log(versus("quayside, new TLS conn/request vs bare + ask cert + durable", qConn, mandatoryConn));
    const startMs = { empty: median(emptyStarts), full: fullStartMs, bare: median(bareStarts) };
    const x = (ms: number) => `${(ms / startMs.bare).toFixed(1)}x`;
    console.log(
      `start-up to serving: bare node:https ${startMs.bare.toFixed(0)} ms; quayside empty ${startMs.empty.toFixed(0)} ms (${x(startMs.empty)}, goal <= 5x); ` +
        `with ${STORED} stored ${startMs.full.toFixed(0)} ms (${x(startMs.full)}, goal <= 10x); ` +
        `medians of ${emptyStarts.length} empty, ${STARTS} full and ${bareStarts.length} bare starts`,
    );
    console.log(
      `RSS with ${STORED} stored, after its load phases: ${qFull.rss.toFixed(0)} MB (goal < 400 MB)`,
    );
    console.log(searchLine(STORED, search));
    console.log(
      `full segments waiting to be sealed as a load phase ended: at most ${unsealed} (0 or 1: seals keep up; more: they fall behind)`,
    );
  } finally {
    for (const s of started) await s.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
