// CNCF distribution notification envelopes (schemas-notes.md §3): { events: [...] }, event id =
// the action; the target's shape (manifest, blob, mount, tag or repository delete) is checked
// per action. v3 sends "" / 0 for unknown delete fields, v2.x omitted them; both are accepted.
import { digest, digestOrEmpty, int, obj, rfc3339, type Schema, str } from "./common.ts";

const request = obj({ id: str, method: str, useragent: str }, { addr: str, host: str });
const content = { mediaType: str, digest, repository: str, url: str };

function event(action: string): Schema {
  const target =
    action === "delete"
      ? obj({ repository: str }, { digest: digestOrEmpty, tag: str, mediaType: str, size: int, length: int })
      : {
          ...obj(action === "mount" ? { ...content, fromRepository: str } : content, {
            size: int,
            length: int,
            tag: str,
            references: { type: "array" },
          }),
          // v3 sends size (and length), v2.x only length
          anyOf: [{ required: ["size"] }, { required: ["length"] }],
        };
  return obj({
    id: str,
    timestamp: rfc3339,
    action: { const: action },
    target,
    request,
    actor: { type: "object" },
    source: { type: "object" },
  });
}

const envelope = (action: string): Schema => ({
  type: "object",
  required: ["events"],
  properties: { events: { type: "array", minItems: 1, items: event(action) } },
});

export const DISTRIBUTION_SCHEMAS: Record<string, Schema> = {
  push: envelope("push"),
  pull: envelope("pull"),
  mount: envelope("mount"),
  delete: envelope("delete"),
};

export const DISTRIBUTION_MEDIA_TYPES = [
  "application/vnd.docker.distribution.events.v1+json",
  "application/vnd.docker.distribution.events.v2+json",
];
