// `quayside validate FILE`: the receiver's recognition and validation, offline. Exit 0 valid,
// 1 invalid / unknown event / not JSON / not the registry --registry names, 2 unreadable file or
// unusable options.
import { readFile } from "node:fs/promises";
import { REGISTRY_IDS, REGISTRY_LABELS, type RegistryId } from "../contract/index.ts";
import { describeRecognition, describeValidity, formatIssues } from "../core/catalog/format.ts";
import { type Catalog, type Classification, createCatalog } from "../core/catalog/index.ts";
import { parseBody } from "../core/catalog/parse.ts";

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
  const catalog = createCatalog();
  const registry = opts.registry as RegistryId | undefined;
  // What the body looks like on its own, before any name from the command line.
  const own = catalog.classify({ body, contentType: null });
  const mismatch = registry !== undefined && recognised(own) && own.registry !== registry;
  if (mismatch && !opts.event) return refuseMismatch(file, own, registry, !!opts.json);
  let result = catalog.classify({
    body,
    contentType: null,
    pinned: registry && opts.event ? { registry, event: opts.event } : null,
    expected: registry ? { registry } : null,
  });
  const named = registry && opts.event ? `${registry}/${opts.event}` : null;
  const contradicted =
    named !== null && recognised(own) && own.event !== null && named !== `${own.registry}/${own.event}`;
  // --registry with --event is the user insisting: check the body against exactly that schema.
  if (contradicted && registry && opts.event) result = forced(catalog, result, body, registry, opts.event);
  const exitCode = result.validity === "valid" ? 0 : 1;
  if (opts.json) return { exitCode, output: JSON.stringify({ file, ...result }, null, 2) };

  const lines = [`${file}`, `  recognised: ${describeRecognition(result, "as named by --registry/--event")}`];
  if (contradicted) {
    lines.push(
      `  note: the body itself says ${own.registry}/${own.event}, not ${named}; checked against ${named} because --event names it`,
    );
  }
  lines.push(`  result: ${describeValidity(result)}`);
  if (result.validity === "invalid") lines.push(...formatIssues(result.issues).map((l) => `    ${l}`));
  lines.push(...hints(result, !!opts.event));
  return { exitCode, output: lines.join("\n") };
}

/** Declared by the body or guessed from its fields: enough to say whose body it is. */
const recognised = (c: Classification) =>
  c.registry !== null && (c.detection === "declared" || c.detection === "guessed");

function refuseMismatch(file: string, own: Classification, registry: RegistryId, json: boolean) {
  const how = own.detection === "declared" ? "declared by the body itself" : "guessed from its fields";
  const looks = `${own.registry}/${own.event ?? "?"} (${how})`;
  const message =
    `${file} does not look like a ${REGISTRY_LABELS[registry]} body: it looks like ${looks}. ` +
    `Drop --registry to validate it as what it is, or add --event <event> to check it against that ${registry} event anyway.`;
  if (json) {
    const error = {
      error: "registry-mismatch",
      message,
      looksLike: { registry: own.registry, event: own.event },
    };
    return { exitCode: 1, output: JSON.stringify({ file, ...error }, null, 2) };
  }
  return { exitCode: 1, output: `quayside validate: ${message}` };
}

/** The classification as if the body were `registry/event`, whatever it declares. */
function forced(
  catalog: Catalog,
  pinned: Classification,
  body: Buffer,
  registry: RegistryId,
  event: string,
): Classification {
  const parsed = parseBody(body.toString("utf8"));
  if (!parsed.ok) return pinned;
  const issues = catalog.validate(registry, event, parsed.value);
  const validity = issues === null ? "unknown-event" : issues.length > 0 ? "invalid" : "valid";
  return { ...pinned, registry, event, detection: "pinned", confidence: 1, validity, issues: issues ?? [] };
}

function hints(result: Classification, eventNamed: boolean): string[] {
  if (result.validity === "unknown-event" && result.registry === "quay" && !eventNamed) {
    return ["  Quay bodies name no event: add --registry quay --event <event> (see quayside catalog)"];
  }
  if (result.validity === "unknown-event" && !result.registry) {
    return ["  If it is a Quay body, name the event: --registry quay --event repo_push"];
  }
  if (result.detection === "guessed") {
    return [`  To be certain, name it: --registry ${result.registry} --event <event>`];
  }
  return [];
}
