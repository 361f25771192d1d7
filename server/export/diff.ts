// Compares two deliveries for the side-by-side view: a structural JSON diff of the bodies
// (jsondiffpatch) flattened to JSON pointers, and a by-name diff of the headers.
import { create, type Delta } from "jsondiffpatch";
import type {
  BodyChange,
  BodyPayload,
  DeliveryDetail,
  DeliveryDiff,
  HeaderChange,
} from "../contract/index.ts";

// The wire shapes live in the contract, shared with the console.
export type { BodyChange, DeliveryDiff, HeaderChange } from "../contract/index.ts";

// Array items with an `id` (distribution `events[]`, Harbor resources) are matched by it, so a
// reordered list reads as moves; items without one are compared by position.
const differ = create({
  arrays: { detectMove: true, includeValueOnMove: true },
  objectHash: (item) => {
    const id = (item as { id?: unknown }).id;
    return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
  },
});

const escapePointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** Flattens a jsondiffpatch delta into pointer-addressed changes. */
export function deltaToChanges(delta: Delta, path = "", out: BodyChange[] = []): BodyChange[] {
  if (delta === undefined) return out;
  if (Array.isArray(delta)) {
    if (delta.length === 1) out.push({ op: "added", path, after: delta[0] });
    else if (delta.length === 2) out.push({ op: "changed", path, before: delta[0], after: delta[1] });
    else if (delta[2] === 0) out.push({ op: "removed", path, before: delta[0] });
    return out;
  }
  const isArray = (delta as { _t?: string })._t === "a";
  for (const [key, child] of Object.entries(delta as Record<string, Delta>)) {
    if (key === "_t") continue;
    if (isArray && key.startsWith("_")) {
      // "_n" keys address the first array: removals, and moves to a new index.
      const from = `${path}/${key.slice(1)}`;
      if (Array.isArray(child) && child[2] === 3) {
        out.push({ op: "moved", path: `${path}/${String(child[1])}`, from, after: child[0] });
      } else if (Array.isArray(child) && child[2] === 0)
        out.push({ op: "removed", path: from, before: child[0] });
      continue;
    }
    deltaToChanges(child, `${path}/${isArray ? key : escapePointer(key)}`, out);
  }
  return out;
}

function bodyValue(body: BodyPayload): { value: unknown; json: boolean; text: string } {
  if (!("text" in body)) return { value: `base64:${body.base64}`, json: false, text: body.base64 };
  try {
    const value: unknown = JSON.parse(body.text);
    return { value, json: true, text: `${JSON.stringify(value, null, 2)}\n` };
  } catch {
    return { value: body.text, json: false, text: body.text };
  }
}

/** Header values by lower-cased name (repeats joined with ", " as RFC 9110 allows). */
function headerMap(headers: readonly [string, string][]): Map<string, { name: string; value: string }> {
  const map = new Map<string, { name: string; value: string }>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const seen = map.get(key);
    map.set(key, seen ? { name: seen.name, value: `${seen.value}, ${value}` } : { name, value });
  }
  return map;
}

/** Header differences by name: added in b, removed from a, changed value. */
export function diffHeaders(a: readonly [string, string][], b: readonly [string, string][]) {
  const left = headerMap(a);
  const right = headerMap(b);
  const added: HeaderChange[] = [];
  const removed: HeaderChange[] = [];
  const changed: HeaderChange[] = [];
  for (const [key, l] of left) {
    const r = right.get(key);
    if (!r) removed.push({ name: l.name, before: l.value });
    else if (r.value !== l.value) changed.push({ name: l.name, before: l.value, after: r.value });
  }
  for (const [key, r] of right) if (!left.has(key)) added.push({ name: r.name, after: r.value });
  return { identical: added.length + removed.length + changed.length === 0, added, removed, changed };
}

/**
 * Structural diff of two deliveries (bodies and headers), JSON-serialisable.
 * @example diffDeliveries(attempt1, attempt3).body.changes // [{ op: "changed", path: "/events/0/id", ... }]
 */
export function diffDeliveries(a: DeliveryDetail, b: DeliveryDetail): DeliveryDiff {
  const left = bodyValue(a.body);
  const right = bodyValue(b.body);
  const changes = deltaToChanges(differ.diff(left.value, right.value));
  const meta = (d: DeliveryDetail) => ({
    id: d.id,
    receivedAt: d.receivedAt,
    registry: d.registry,
    event: d.event,
  });
  return {
    a: meta(a),
    b: meta(b),
    body: {
      kind: left.json && right.json ? "json" : "text",
      identical: changes.length === 0,
      changes,
      left: left.text,
      right: right.text,
    },
    headers: diffHeaders(a.headers, b.headers),
  };
}
