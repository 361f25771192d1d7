// Pulls repository, tag, digest (for the list row) and the sender's own delivery id (for attempt
// chains) out of a recognised body.
type Json = Record<string, unknown>;
const o = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const s = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

export interface Extracted {
  repository: string | null;
  tag: string | null;
  digest: string | null;
  senderId: string | null;
}

export function extract(registry: string | null, body: unknown): Extracted {
  const b = o(body);
  switch (registry) {
    case "quay": {
      const tags = Array.isArray(b.updated_tags)
        ? b.updated_tags
        : Array.isArray(b.tags)
          ? b.tags
          : Array.isArray(b.docker_tags)
            ? b.docker_tags
            : Object.keys(o(b.updated_tags));
      return { repository: s(b.repository) ?? s(b.namespace), tag: s(tags[0]), digest: null, senderId: null };
    }
    case "dtr": {
      const c = o(b.contents);
      return {
        repository:
          c.namespace && c.repository
            ? `${String(c.namespace)}/${String(c.repository)}`
            : (s(c.repository) ?? s(c.targetRepository)),
        tag: s(c.tag) ?? s(c.targetTag),
        digest: s(c.digest),
        senderId: null,
      };
    }
    case "distribution": {
      const e = o(Array.isArray(b.events) ? b.events[0] : null);
      const t = o(e.target);
      return { repository: s(t.repository), tag: s(t.tag), digest: s(t.digest), senderId: s(e.id) };
    }
    case "harbor": {
      const cloud = typeof b.specversion === "string";
      const data = o(cloud ? b.data : b.event_data);
      const resource = o(Array.isArray(data.resources) ? data.resources[0] : null);
      const repo = o(data.repository);
      return {
        repository: s(repo.repo_full_name) ?? s(repo.name),
        tag: s(resource.tag),
        digest: s(resource.digest),
        senderId: cloud ? s(b.id) : null,
      };
    }
    case "dockerhub":
      return {
        repository: s(o(b.repository).repo_name),
        tag: s(o(b.push_data).tag),
        digest: null,
        senderId: null,
      };
    default:
      return { repository: null, tag: null, digest: null, senderId: null };
  }
}
