// `quayside validate FILE`: the receiver's recognition and validation, offline. Exit 0 valid,
// 1 invalid / unknown event / not JSON, 2 unreadable file or unusable options.
import { readFile } from "node:fs/promises";
import { describeRecognition, describeValidity, formatIssues } from "../catalog/format.ts";
import { createCatalog } from "../catalog/index.ts";
import { REGISTRY_IDS, type RegistryId } from "../contract/index.ts";

export interface ValidateOptions {
  /** The registry the body comes from; with `event`, pins it as the URL /hooks/x/<registry>/<event> does. */
  registry?: string;
  event?: string;
  json?: boolean;
}

const isRegistry = (r: string): r is RegistryId => REGISTRY_IDS.includes(r as RegistryId);

/**
 * Recognises and validates one body file.
 * @example await runValidate("fixtures/quay/repo_push.json", { registry: "quay", event: "repo_push" }) // exitCode 0
 */
export async function runValidate(
  file: string,
  opts: ValidateOptions,
): Promise<{ exitCode: number; output: string }> {
  if (opts.event && !opts.registry) {
    return {
      exitCode: 2,
      output: "quayside validate: --event needs --registry (e.g. --registry quay --event repo_push)",
    };
  }
  if (opts.registry && !isRegistry(opts.registry)) {
    return { exitCode: 2, output: `quayside validate: --registry must be one of ${REGISTRY_IDS.join(", ")}` };
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return { exitCode: 2, output: `quayside validate: cannot read ${file}: ${reason}` };
  }
  const registry = opts.registry as RegistryId | undefined;
  const result = createCatalog().classify({
    body,
    contentType: null,
    pinned: registry && opts.event ? { registry, event: opts.event } : null,
    expected: registry ? { registry } : null,
  });
  const exitCode = result.validity === "valid" ? 0 : 1;
  if (opts.json) return { exitCode, output: JSON.stringify({ file, ...result }, null, 2) };

  const lines = [`${file}`, `  recognised: ${describeRecognition(result, "as named by --registry/--event")}`];
  const named = registry && opts.event ? `${registry}/${opts.event}` : null;
  if (named && result.detection === "declared" && named !== `${result.registry}/${result.event}`) {
    lines.push(`  note: the body itself says ${result.registry}/${result.event}, not ${named}`);
  }
  lines.push(`  result: ${describeValidity(result)}`);
  if (result.validity === "invalid") lines.push(...formatIssues(result.issues).map((l) => `    ${l}`));
  if (result.validity === "unknown-event" && result.registry === "quay" && !opts.event) {
    lines.push("  Quay bodies name no event: add --registry quay --event <event> (see quayside catalog)");
  } else if (result.validity === "unknown-event" && !result.registry) {
    lines.push("  If it is a Quay body, name the event: --registry quay --event repo_push");
  }
  if (result.detection === "guessed") {
    lines.push(`  To be certain, name it: --registry ${result.registry} --event <event>`);
  }
  return { exitCode, output: lines.join("\n") };
}
