// `quayside catalog`: every registry event Quayside recognises and validates, as a table or JSON.

import { REGISTRY_LABELS } from "../contract/index.ts";
import { createCatalog } from "../core/catalog/index.ts";

/**
 * @example runCatalog({}).output // "Quay\n  quay/repo_push  Push to repository ..."
 */
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
    const note = e.speculative ? "  [speculative: no documented payload, checked loosely]" : "";
    lines.push(`  ${`${e.registry}/${e.event}`.padEnd(width)}  ${e.label}${note}`);
  }
  const speculative = entries.filter((e) => e.speculative).length;
  lines.push(
    "",
    `${entries.length} events, ${speculative} speculative.`,
    "Quay bodies name no event: pin it in the webhook URL, /hooks/<endpoint>/quay/<event>.",
  );
  return { exitCode: 0, output: lines.join("\n").trimStart() };
}
