// Per-module mutation scores from Stryker's JSON report (reports/mutation/mutation.json), for the
// README's table: `node scripts/mutation-scores.mjs`. Score as Stryker counts it: killed and
// timed-out mutants over all valid ones (survived and uncovered count against; compile errors
// and ignored static mutants count for nothing).
import { readFileSync } from "node:fs";

const MODULES = [
  ["catalog", "server/core/catalog/"],
  ["chains", "server/core/chains/"],
  ["rules", "server/core/rules/"],
  ["store", "server/store/"],
  ["receiver", "server/receiver/"],
  ["outbound", "server/outbound/"],
  ["console guard", "server/console/guard.ts"],
  ["export redaction", "server/export/"],
];

const file = process.argv[2] ?? "reports/mutation/mutation.json";
const report = JSON.parse(readFileSync(file, "utf8"));
const rows = [];
for (const [name, prefix] of MODULES) {
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
  let files = 0;
  for (const [path, entry] of Object.entries(report.files)) {
    if (!path.startsWith(prefix)) continue;
    files += 1;
    for (const m of entry.mutants) if (m.status in counts) counts[m.status] += 1;
  }
  if (files === 0) continue;
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  rows.push({ module: name, score: score.toFixed(1), ...counts });
}
console.table(rows);
