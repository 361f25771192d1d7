// `quayside catalog`: every registry event Quayside recognises and validates.
import { createCatalog } from "../catalog/index.ts";
import { REGISTRY_LABELS } from "../contract/index.ts";

export function runCatalog(opts: { json?: boolean }): { exitCode: number; output: string } {
  const entries = createCatalog().list();
  if (opts.json) return { exitCode: 0, output: JSON.stringify(entries, null, 2) };
  const width = Math.max(...entries.map((e) => `${e.registry}/${e.event}`.length));
  const lines: string[] = [];
  let registry = "";
  for (const e of entries) {
    if (e.registry !== registry) {
      registry = e.registry;
      lines.push("", REGISTRY_LABELS[e.registry]);
    }
    const id = `${e.registry}/${e.event}`.padEnd(width);
    lines.push(`  ${id}  ${e.label}${e.speculative ? "  (no public payload: envelope only)" : ""}`);
  }
  lines.push(
    "",
    `${entries.length} events. Quay bodies name no event: pin it in the URL, /hooks/<name>/quay/<event>.`,
  );
  return { exitCode: 0, output: lines.join("\n").trimStart() };
}
