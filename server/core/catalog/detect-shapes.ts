// Recognition of the later eleven senders' bodies by their shape, for bodies whose headers named
// nothing: ACR, Artifactory, GitLab (before distribution, which it extends), EventBridge, Pub/Sub,
// Alibaba (before Docker Hub, which it resembles) and Nexus without its header
// (more/schemas-notes.md §12).
import { type Detected, declared, guessed, has, isObj, type Json } from "./detect.ts";
import { decodePubSubData, isPubSubPush } from "./envelopes.ts";

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

/** ACR's actions (more/REPORT.md §2.3); distribution shares push/delete but always wraps in `events`. */
const ACR_ACTIONS = new Set(["push", "delete", "chart_push", "chart_delete", "quarantine", "ping"]);

/** GitLab's additions to distribution's event: rename, actor.user_type / actor.user, meta (§7.1). */
function isGitLabEvent(e: Json): boolean {
  const actor = isObj(e.actor) ? e.actor : {};
  return e.action === "rename" || has(actor, "user_type") || has(actor, "user") || isObj(e.meta);
}

function detectPubSub(body: Json): Detected {
  const decoded = decodePubSubData(body);
  const action = decoded.ok && isObj(decoded.value) ? str(decoded.value.action) : null;
  // the topic `gcr` is Artifact Registry's; an undecodable message is still its delivery to check
  return declared("gar", action);
}

/** Nexus bodies without X-Nexus-Webhook-ID: the payload key tells the event (§3). */
function guessNexus(b: Json): Detected | null {
  if (!has(b, "nodeId", "initiator")) return null;
  if (has(b, "component") || has(b, "components")) return guessed("nexus", "rm:repository:component", 0.9);
  if (has(b, "asset") || has(b, "assets")) return guessed("nexus", "rm:repository:asset", 0.9);
  if (has(b, "audit")) return guessed("nexus", "rm:global:audit", 0.9);
  if (isObj(b.repository)) return guessed("nexus", "rm:global:repository", 0.9);
  return guessed("nexus", null, 0.5);
}

/**
 * The sender and event a body's shape gives away, or null to leave it to detectByContent.
 * @example detectByShape({ domain: "docker", event_type: "pushed", data: {} }) // artifactory/docker.pushed
 */
export function detectByShape(body: unknown): Detected | null {
  if (!isObj(body)) return null;
  const first = Array.isArray(body.events) ? body.events[0] : undefined;
  if (isObj(first) && typeof first.action === "string" && isGitLabEvent(first)) {
    return declared("gitlab", first.action);
  }
  if (typeof body.action === "string" && ACR_ACTIONS.has(body.action) && !has(body, "events")) {
    if (isObj(body.target)) return declared("acr", body.action);
    // the ping body is undocumented: {"action":"ping"} is all anyone has seen (§2.3.6)
    if (body.action === "ping") return guessed("acr", "ping", 0.6);
  }
  if (str(body.domain) && str(body.event_type) && isObj(body.data)) {
    return declared("artifactory", `${body.domain}.${body.event_type}`);
  }
  if (body.source === "aws.ecr" && typeof body["detail-type"] === "string") {
    return declared("ecr", body["detail-type"]);
  }
  if (isPubSubPush(body)) return detectPubSub(body);
  if (isObj(body.push_data) && isObj(body.repository) && !has(body, "callback_url")) {
    // Docker Hub's repository has repo_name; Alibaba's has region and repo_full_name
    if (has(body.repository, "region") || has(body.repository, "repo_full_name"))
      return declared("aliyun", "push");
  }
  // Pub/Sub push with payload unwrapping but no metadata headers: the bare AR message
  if ((body.action === "INSERT" || body.action === "DELETE") && (str(body.digest) || str(body.tag))) {
    return guessed("gar", body.action, 0.8);
  }
  // Chainguard without its CloudEvents headers: {actor{subject}, body{repo_id ...}}; pulls add a method
  if (isObj(body.actor) && isObj(body.body) && has(body.body, "repo_id")) {
    return guessed("chainguard", has(body.body, "method") ? "registry.pull" : "registry.push", 0.7);
  }
  return guessNexus(body);
}
