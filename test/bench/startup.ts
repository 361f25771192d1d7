// `node --import tsx test/bench/startup.ts <data-dir> [rounds]`: start-up to serving of the real
// command on an existing data dir, against a bare node:https start, alternating in one run (the
// ratio is what counts on a noisy machine). Fill a dir first with the bench's filler.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureCerts } from "../../server/tls/certs.ts";
import { bareStartMs, cpuMs, startQuayside } from "./servers.ts";
import { median } from "./table.ts";

const [dir, roundsArg] = process.argv.slice(2);
if (!dir) throw new Error("usage: startup.ts <data-dir> [rounds]");
const rounds = Number(roundsArg ?? 3);
const work = await mkdtemp(join(tmpdir(), "quayside-startup-"));
try {
  const certsDir = join(work, "certs");
  await ensureCerts(certsDir, {});
  const bare: number[] = [];
  const full: number[] = [];
  // CPU time to serving barely moves with the machine's load, unlike wall time
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    bare.push(await bareStartMs(certsDir));
    const server = await startQuayside(dir, certsDir, ["--retention", "10000000"]);
    full.push(server.startMs);
    cpu.push(await cpuMs(server.proc.pid as number));
    await server.stop();
  }
  const b = median(bare);
  const f = median(full);
  const each = full.map((ms, i) => `${ms.toFixed(0)}/${(bare[i] ?? 0).toFixed(0)}`).join(", ");
  console.log(
    `start-up: bare ${b.toFixed(0)} ms, quayside ${f.toFixed(0)} ms = ${(f / b).toFixed(1)}x (rounds ${each}); CPU to serving ${median(cpu).toFixed(0)} ms`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
