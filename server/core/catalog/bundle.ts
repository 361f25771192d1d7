// Inlines the $refs of an event schema so the console and `/api/catalog/:registry/:event` can
// show one self-contained schema instead of pointers into shared files.
import type { JsonSchema } from "./schemas.ts";

/** Shared files nest a few levels at most; the guard only protects against a future cycle. */
const MAX_INLINE_DEPTH = 16;

/** A copy of `schema` whose `$ref`s are replaced by the schemas they point to. */
export function bundleSchema(schema: JsonSchema, shared: readonly JsonSchema[]): unknown {
  const docs = new Map<string, unknown>([schema, ...shared].map((d) => [d.$id, d]));
  const resolve = (ref: string, base: string): { node: unknown; doc: string } => {
    // Stryker disable next-line StringLiteral: split always yields a first element, so path's default is never used
    const [path = "", fragment = ""] = ref.split("#");
    const doc = path ? new URL(path, base).href : base;
    let node: unknown = docs.get(doc);
    for (const key of fragment.split("/").filter(Boolean)) node = (node as Record<string, unknown>)?.[key];
    return { node, doc };
  };
  const inline = (node: unknown, base: string, depth: number): unknown => {
    if (Array.isArray(node)) return node.map((n) => inline(n, base, depth));
    if (node === null || typeof node !== "object") return node;
    const { $ref, $id: _id, $schema: _dialect, ...rest } = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rest)) out[k] = inline(v, base, depth);
    if (typeof $ref !== "string" || depth >= MAX_INLINE_DEPTH) return $ref ? { $ref, ...out } : out;
    const target = resolve($ref, base);
    const resolved = inline(target.node, target.doc, depth + 1) as Record<string, unknown>;
    // {$ref, ...siblings} means "both apply": keep that meaning with allOf when there are siblings
    return Object.keys(out).length === 0 ? resolved : { allOf: [resolved], ...out };
  };
  const { $schema } = schema;
  return { $schema, ...(inline(schema, schema.$id, 0) as Record<string, unknown>) };
}
