// Repository, tag, digest and the sender's event id for the later eleven senders
// (more/REPORT.md §1 item 6 for the ids: body fields, or headers for GitHub, Gitea and CloudEvents).
import type { RegistryId } from "../../contract/index.ts";
import type { HeaderMap } from "./detect-headers.ts";
import { decodePubSubData } from "./envelopes.ts";

export interface Extracted {
  repository: string | null;
  tag: string | null;
  digest: string | null;
  senderId: string | null;
}

type Json = Record<string, unknown>;
type Extractor = (b: Json, h: HeaderMap) => Extracted;
const o = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const s = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const isDigest = (v: string | null) =>
  v !== null && /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_.-]+$/.test(v);
const HEX64 = /^[a-f0-9]{64}$/;
const h = (headers: HeaderMap, name: string) => s(headers.get(name));

/** A reference that is either a tag or a digest (Zot `reference`, Gitea `version`). */
const tagOrDigest = (ref: string | null, digest: string | null) =>
  isDigest(ref) ? { tag: null, digest: digest ?? ref } : { tag: ref, digest };

const acr: Extractor = (b) => {
  const t = o(b.target);
  return { repository: s(t.repository), tag: s(t.tag), digest: s(t.digest), senderId: s(b.id) };
};

const artifactory: Extractor = (b) => {
  const d = o(b.data);
  const sha = s(d.sha256);
  const docker = b.domain === "docker";
  return {
    repository: docker ? s(d.image_name) : s(d.repo_key),
    tag: docker ? s(d.tag) : null,
    // data.sha256 is the checksum of the manifest file, i.e. the manifest digest, for docker events
    digest: sha && HEX64.test(sha) ? `sha256:${sha}` : null,
    senderId: null,
  };
};

const nexus: Extractor = (b) => {
  const c = o(b.component ?? b.asset);
  const name = s(c.name);
  const group = s(c.group);
  return {
    // docker components: name = image path, version = tag (more/REPORT.md §4.3.1)
    repository: (group && name ? `${group}/${name}` : name) ?? s(b.repositoryName) ?? s(o(b.repository).name),
    tag: b.component ? s(c.version) : null,
    digest: null,
    senderId: null,
  };
};

const github: Extractor = (b, headers) => {
  const p = o(b.package ?? b.registry_package);
  const version = o(p.package_version);
  const tag = o(o(version.container_metadata).tag);
  const owner = s(o(p.owner).login);
  const name = s(p.name);
  return {
    repository: owner && name ? `${owner}/${name}` : name,
    tag: s(tag.name),
    digest: s(tag.digest) ?? (isDigest(s(version.version)) ? s(version.version) : null),
    senderId: h(headers, "x-github-delivery"),
  };
};

const gitea: Extractor = (b, headers) => {
  const p = o(b.package);
  const owner = s(o(p.owner).login);
  const name = s(p.name);
  return {
    repository: owner && name ? `${owner}/${name}` : name,
    ...tagOrDigest(s(p.version), null),
    senderId: h(headers, "x-gitea-delivery") ?? h(headers, "x-forgejo-delivery"),
  };
};

const gitlab: Extractor = (b) => {
  const e = o(Array.isArray(b.events) ? b.events[0] : undefined);
  const t = o(e.target);
  return { repository: s(t.repository), tag: s(t.tag), digest: s(t.digest), senderId: s(e.id) };
};

const zot: Extractor = (b, headers) => ({
  repository: s(b.name),
  ...tagOrDigest(s(b.reference), s(b.digest)),
  senderId: h(headers, "ce-id"),
});

const ecr: Extractor = (b) => {
  const d = o(b.detail);
  const tags = Array.isArray(d["image-tags"]) ? d["image-tags"] : [];
  return {
    repository: s(d["repository-name"]),
    tag: s(d["image-tag"]) ?? s(tags[0]),
    digest: s(d["image-digest"]),
    senderId: s(b.id),
  };
};

/** "<host>/<path>@sha256:…" / "<host>/<path>:<tag>" (more/schemas-notes.md §0 imageRef). */
function splitRef(ref: string | null): { image: string | null; tag: string | null; digest: string | null } {
  if (!ref) return { image: null, tag: null, digest: null };
  const at = ref.indexOf("@");
  if (at > 0) return { image: ref.slice(0, at), tag: null, digest: ref.slice(at + 1) };
  const colon = ref.lastIndexOf(":");
  return colon > ref.lastIndexOf("/")
    ? { image: ref.slice(0, colon), tag: ref.slice(colon + 1), digest: null }
    : { image: ref, tag: null, digest: null };
}

const gar: Extractor = (b, headers) => {
  const wrapped = Object.hasOwn(b, "message");
  const decoded = wrapped ? decodePubSubData(b) : { ok: true as const, value: b };
  const m = o(decoded.ok ? decoded.value : undefined);
  const byDigest = splitRef(s(m.digest));
  const byTag = splitRef(s(m.tag));
  return {
    repository: byDigest.image ?? byTag.image,
    tag: byTag.tag,
    digest: byDigest.digest,
    senderId: wrapped ? s(o(b.message).messageId) : h(headers, "x-goog-pubsub-message-id"),
  };
};

const aliyun: Extractor = (b) => {
  const p = o(b.push_data);
  return {
    repository: s(o(b.repository).repo_full_name),
    tag: s(p.tag),
    digest: s(p.digest),
    senderId: null,
  };
};

const chainguard: Extractor = (b, headers) => {
  const e = o(b.body);
  return { repository: s(e.repository), tag: s(e.tag), digest: s(e.digest), senderId: h(headers, "ce-id") };
};

export const MORE_EXTRACTORS: Record<
  Exclude<RegistryId, "quay" | "dtr" | "distribution" | "harbor" | "dockerhub">,
  Extractor
> = { acr, artifactory, nexus, github, gitea, gitlab, zot, ecr, gar, aliyun, chainguard };
