// Builds what `quayside` runs: the server as one precompiled ES module (dist/server/main.mjs, so a
// start does not compile TypeScript) and the console's UI (dist/web). Each is rebuilt only when
// its sources are newer than the last build. Run at install (`prepare`), before tests, and by
// server/bin.mjs at every start (the check costs a few milliseconds).
// usage: node scripts/build.mjs [--if-stale]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const SERVER_BUNDLE = join(ROOT, "dist", "server", "main.mjs");
/** The search worker's own module, beside the bundle (server/store/search.ts starts it from there). */
const SEARCH_WORKER = join(ROOT, "dist", "server", "search-worker.mjs");
const WEB_STAMP = join(ROOT, "dist", "web", ".built");

/** The newest modification time (ms) of the files below `dir` whose names match `pattern`. */
function newest(dir, pattern) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path, pattern));
    else if (pattern.test(entry.name)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : -1);
const sources = (...extra) => Math.max(...extra.map((f) => mtime(join(ROOT, f))));

function serverStale() {
  return (
    !existsSync(SEARCH_WORKER) ||
    newest(join(ROOT, "server"), /\.(ts|mjs)$/) > mtime(SERVER_BUNDLE) ||
    sources("package.json") > mtime(SERVER_BUNDLE)
  );
}

function webStale() {
  const latest = Math.max(newest(join(ROOT, "web"), /./), sources("package.json", "vite.config.ts"));
  return latest > mtime(WEB_STAMP);
}

/**
 * Bundles server/main.ts and the search worker; each file is written beside its place and renamed,
 * so concurrent starts never read half a file (the worker first: main.mjs's time marks the build).
 */
async function buildServer() {
  const { build } = await import("esbuild");
  for (const [entry, outfile] of [
    [join(ROOT, "server", "store", "search-worker.ts"), SEARCH_WORKER],
    [join(ROOT, "server", "main.ts"), SERVER_BUNDLE],
  ])
    await bundle(build, entry, outfile);
}

/** CommonJS dependencies inside an ES module bundle still call require() and read __dirname. */
const BANNER = [
  'import { createRequire as __quaysideRequire } from "node:module";',
  'import { fileURLToPath as __quaysideFileUrl } from "node:url";',
  'import { dirname as __quaysideDirname } from "node:path";',
  "const require = __quaysideRequire(import.meta.url);",
  "const __filename = __quaysideFileUrl(import.meta.url);",
  "const __dirname = __quaysideDirname(__filename);",
].join("\n");

async function bundle(build, entry, outfile) {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // dependencies bundled too: resolving and loading ~400 separate modules cost ~80 ms per start;
    // but undici, only for outbound requests, is required from node_modules when first needed
    external: ["undici"],
    banner: { js: BANNER },
    write: false,
    outfile,
    logLevel: "warning",
  });
  const file = out.outputFiles[0];
  mkdirSync(dirname(outfile), { recursive: true });
  const temp = `${outfile}.tmp-${process.pid}`;
  writeFileSync(temp, file.contents);
  renameSync(temp, outfile);
}

function buildWeb() {
  const vite = join(ROOT, "node_modules", "vite", "bin", "vite.js");
  const run = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (run.status !== 0) throw new Error("quayside: building the console UI failed (see above)");
  writeFileSync(WEB_STAMP, new Date().toISOString());
}

/** Builds what is missing or older than its sources (everything with `force`). */
export async function ensureBuilt({ force = false } = {}) {
  if (force || webStale()) buildWeb();
  if (force || serverStale()) await buildServer();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureBuilt({ force: !process.argv.includes("--if-stale") });
}
