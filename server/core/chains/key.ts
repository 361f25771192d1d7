// Attempt identity (SPEC "Attempt chain"): the sender's delivery id where it has one, else a hash of
// the raw body; and chain ids that carry that identity so chains can be rebuilt after a restart.
import { hash } from "node:crypto";

/**
 * The key that ties retries of one event together: the sender's event id where it has one
 * (distribution and GitLab `events[].id`, Harbor CloudEvents and EventBridge `id`, Pub/Sub
 * `message.messageId`, Zot and Chainguard `Ce-Id`, `X-GitHub-Delivery`, `X-Gitea-Delivery`;
 * REPORT.md §1.6, more/REPORT.md §1 item 6). Quay, DTR, Harbor Default, Docker Hub and Nexus (whose
 * X-Nexus-Webhook-Delivery is new per request) resend identical bytes, so the body hash stands in.
 * @example chainKey(body, null) // "sha256:9f86d0…"
 */
export function chainKey(body: Buffer, senderId: string | null): string {
  if (senderId !== null && senderId !== "") return `id:${senderId}`;
  return `sha256:${hash("sha256", body, "hex")}`;
}

/** Endpoint + key, hashed: the part of a chain id shared by every chain of the same event identity. */
export function chainIdentity(endpoint: string, key: string): string {
  return hash("sha256", `${endpoint}\n${key}`, "hex").slice(0, 16);
}

/** `<identity>.<first attempt ms, base 36>`; `taken` adds a suffix when two chains start in the same ms. */
export function makeChainId(identity: string, firstAt: number, taken: (id: string) => boolean): string {
  const base = `${identity}.${Math.max(0, Math.floor(firstAt)).toString(36)}`;
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}.${n}`;
  return id;
}

/** The identity part of a chain id (the whole id when it was made elsewhere). */
export function identityOf(chainId: string): string {
  const dot = chainId.indexOf(".");
  return dot === -1 ? chainId : chainId.slice(0, dot);
}
