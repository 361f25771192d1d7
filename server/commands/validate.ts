// `quayside validate FILE`: the receiver's recognition and validation, offline. Exit 0 valid,
// 1 invalid / unknown / not JSON, 2 unreadable file or bad arguments.
import { readFile } from "node:fs/promises";
import { createCatalog } from "../catalog/index.ts";
import { REGISTRY_IDS, type RegistryId } from "../contract/index.ts";

export interface ValidateOptions {
  registry?: string;
  event?: string;
  json?: boolean;
}

export async function runValidate(
  file: string,
  opts: ValidateOptions,
): Promise<{ exitCode: number; output: string }> {
  if ((opts.registry && !opts.event) || (!opts.registry && opts.event)) {
    return {
      exitCode: 2,
      output:
        "quayside validate: --registry and --event go together (e.g. --registry quay --event repo_push)",
    };
  }
  if (opts.registry && !REGISTRY_IDS.includes(opts.registry as RegistryId)) {
    return { exitCode: 2, output: `quayside validate: --registry must be one of ${REGISTRY_IDS.join(", ")}` };
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch (e) {
    return {
      exitCode: 2,
      output: `quayside validate: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    };
  }
  const catalog = createCatalog();
  const pinned = opts.registry && opts.event ? { registry: opts.registry, event: opts.event } : null;
  const result = catalog.classify({ body, contentType: null, pinned });
  const exitCode = result.validity === "valid" ? 0 : 1;
  if (opts.json) return { exitCode, output: JSON.stringify({ file, ...result }, null, 2) };

  const what = result.event ? `${result.registry}/${result.event}` : "an unknown event";
  const how =
    result.detection === "guessed"
      ? ` (guessed from its fields, ${Math.round((result.confidence ?? 0) * 100)}% sure; pin it with --registry/--event)`
      : result.detection === "pinned"
        ? " (as given)"
        : result.detection === "declared"
          ? " (the body says so)"
          : "";
  const lines = [`${file}: ${what}${how}`];
  if (result.validity === "valid") lines.push("valid ✓");
  else if (result.validity === "not-json") lines.push(`not JSON: ${result.issues[0]?.message ?? ""}`);
  else if (result.validity === "unknown-event") {
    lines.push(
      result.event
        ? `"${what}" is not in the catalog (see quayside catalog)`
        : "no registry event recognised; if it is a Quay body, name the event: --registry quay --event repo_push",
    );
  } else {
    lines.push(`INVALID: ${result.issues.length} problem(s)`);
    for (const issue of result.issues) {
      const value = issue.value === undefined ? "" : ` (got ${JSON.stringify(issue.value)})`;
      lines.push(`  ${issue.pointer || "/"}: ${issue.message}${value}`);
    }
  }
  return { exitCode, output: lines.join("\n") };
}
