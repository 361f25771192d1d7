// Pulls repository, tag and digest (for the delivery list and rules) and the sender's own
// delivery id (for attempt chains) out of a recognised body, per registry.
import type { RegistryId } from "../../contract/index.ts";
import { type HeaderMap, headerMap } from "./detect-headers.ts";
import { type Extracted, MORE_EXTRACTORS } from "./extract-more.ts";

export type { Extracted } from "./extract-more.ts";

type Json = Record<string, unknown>;
const o = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const s = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : undefined);
const isDigest = (v: string | null) => v !== null && /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-f0-9]{32,}$/.test(v);
const join = (ns: unknown, name: unknown) => (s(ns) && s(name) ? `${s(ns)}/${s(name)}` : null);

export const NOTHING: Extracted = { repository: null, tag: null, digest: null, senderId: null };

function quay(b: Json): Extracted {
  // repo_push: updated_tags (an object {tag: image id} on legacy quay.io); builds: docker_tags;
  // vulnerability_found / repo_image_expiry: tags, which may hold a manifest digest (new-index path)
  const tags = b.updated_tags ?? b.docker_tags ?? b.tags;
  const head = s(Array.isArray(tags) ? tags[0] : Object.keys(o(tags))[0]);
  return {
    // namespace events (quota_*) have no repository: the namespace is what they are about
    repository: s(b.repository) ?? s(b.namespace),
    tag: isDigest(head) ? null : head,
    digest: isDigest(head) ? head : null,
    senderId: null,
  };
}

function dtr(b: Json): Extracted {
  const c = o(b.contents);
  return {
    repository: join(c.namespace, c.repository) ?? s(c.targetRepository) ?? s(c.repository),
    tag: s(c.tag) ?? s(c.targetTag),
    digest: s(c.digest),
    senderId: null,
  };
}

function distribution(b: Json): Extracted {
  const e = o(first(b.events));
  const t = o(e.target);
  return { repository: s(t.repository), tag: s(t.tag), digest: s(t.digest), senderId: s(e.id) };
}

function harbor(b: Json): Extracted {
  const cloud = typeof b.specversion === "string";
  const data = o(cloud ? b.data : b.event_data);
  const resource = o(first(data.resources));
  const digest = s(resource.digest);
  const tag = s(resource.tag);
  return {
    repository: s(o(data.repository).repo_full_name),
    // Harbor puts the digest in `tag` for digest pushes (REPORT.md §5.3.1): that is no tag
    tag: tag === digest || isDigest(tag) ? null : tag,
    digest,
    senderId: cloud ? s(b.id) : null,
  };
}

function dockerhub(b: Json): Extracted {
  return {
    repository: s(o(b.repository).repo_name),
    tag: s(o(b.push_data).tag),
    digest: null,
    senderId: null,
  };
}

const BY_REGISTRY: Record<RegistryId, (b: Json, h: HeaderMap) => Extracted> = {
  quay,
  dtr,
  distribution,
  harbor,
  dockerhub,
  ...MORE_EXTRACTORS,
};

const NO_HEADERS: HeaderMap = headerMap([]);

/** What the list view shows for a body of `registry`; all null when it does not fit. */
export function extract(
  registry: RegistryId | null,
  body: unknown,
  headers: HeaderMap = NO_HEADERS,
): Extracted {
  return registry ? BY_REGISTRY[registry](o(body), headers) : NOTHING;
}
