// Recognition from request headers, for senders that name the event (or themselves) outside the
// body: Nexus, GitHub, Gitea/Forgejo, CloudEvents binary mode (Zot, Chainguard), EventBridge,
// Pub/Sub unwrapped push, Artifactory (more/schemas-notes.md §12).
import { type Detected, declared, isObj } from "./detect.ts";
import { CHAINGUARD_TYPES, ZOT_EVENT_SUFFIXES } from "./events.ts";

/** Request headers by lower-cased name; the first value wins, as for a single-valued header. */
export type HeaderMap = ReadonlyMap<string, string>;

/**
 * Lower-cases raw header pairs into a Map (never a plain object: names are the sender's input).
 * @example headerMap([["X-GitHub-Event", "package"]]).get("x-github-event") // "package"
 */
export function headerMap(pairs: readonly (readonly [string, string])[] | null | undefined): HeaderMap {
  const map = new Map<string, string>();
  for (const [name, value] of pairs ?? []) {
    const key = name.toLowerCase();
    if (!map.has(key)) map.set(key, value);
  }
  return map;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

/** `<header event>.<body action>`, or the header event alone when the body has no action. */
const withAction = (event: string, body: unknown) => {
  const action = isObj(body) ? str(body.action) : null;
  return action ? `${event}.${action}` : event;
};

/** Gitea sends X-GitHub-Event too (compatibility), so its own headers are checked first. */
function detectForge(h: HeaderMap, body: unknown): Detected | null {
  const gitea = h.get("x-gitea-event") ?? h.get("x-forgejo-event") ?? h.get("x-gogs-event");
  if (gitea) return declared("gitea", withAction(gitea, body));
  const github = h.get("x-github-event");
  if (github) return declared("github", withAction(github, body));
  return null;
}

/** Zot's event: the Ce-Type suffix after its prefix, which `typePrefix` can change. */
function zotEvent(type: string): string | null {
  const suffix = ZOT_EVENT_SUFFIXES.find((s) => type === s || type.endsWith(`.${s}`));
  if (suffix) return suffix;
  return type.startsWith("zotregistry.") ? type.slice("zotregistry.".length) : null;
}

/** CloudEvents binary mode: the attributes travel as Ce-* headers, the body is the data. */
function detectCloudEvent(h: HeaderMap): Detected | null {
  const type = h.get("ce-type");
  const source = h.get("ce-source");
  const chainguardAgent = h.get("user-agent") === "Chainguard Enforce";
  if (source === "cgr.dev" || type?.startsWith("dev.chainguard.") || chainguardAgent) {
    if (!type) return declared("chainguard", null);
    return declared("chainguard", CHAINGUARD_TYPES.get(type) ?? type.replace(/^dev\.chainguard\./, ""));
  }
  if (!type) return null;
  const event = zotEvent(type);
  if (!event) return null;
  // a custom source and prefix leave only the suffix: still Zot's vocabulary, less certain
  const zotNamed = source === "zotregistry.dev" || type.startsWith("zotregistry.");
  return zotNamed
    ? declared("zot", event)
    : { registry: "zot", event, detection: "guessed", confidence: 0.8 };
}

/** EventBridge API destinations: the envelope names the event unless an input transformer reshaped it. */
function detectEventBridge(h: HeaderMap, body: unknown): Detected | null {
  if (!h.get("user-agent")?.startsWith("Amazon/EventBridge/ApiDestinations")) return null;
  if (!isObj(body) || !Object.hasOwn(body, "detail-type")) {
    return { registry: "ecr", event: null, detection: "guessed", confidence: 0.5 };
  }
  // another AWS service's event on the same bus is not ECR's
  return body.source === "aws.ecr" ? declared("ecr", str(body["detail-type"])) : null;
}

/**
 * The registry and event the headers name, or null when they name none (the body decides then).
 * @example detectByHeaders(headerMap([["X-Nexus-Webhook-ID", "rm:repository:asset"]]), {})
 * // { registry: "nexus", event: "rm:repository:asset", detection: "declared", confidence: 1 }
 */
export function detectByHeaders(h: HeaderMap, body: unknown): Detected | null {
  const nexus = h.get("x-nexus-webhook-id");
  if (nexus) return declared("nexus", nexus);
  const forge = detectForge(h, body);
  if (forge) return forge;
  const cloud = detectCloudEvent(h);
  if (cloud) return cloud;
  const bus = detectEventBridge(h, body);
  if (bus) return bus;
  // Pub/Sub push with payload unwrapping and write-metadata: the body is the AR message itself
  if (h.has("x-goog-pubsub-subscription-name") || h.has("x-goog-pubsub-message-id")) {
    return declared("gar", isObj(body) ? str(body.action) : null);
  }
  if (h.has("x-jfrog-event-auth") && isObj(body)) {
    const domain = str(body.domain);
    const type = str(body.event_type);
    return declared("artifactory", domain && type ? `${domain}.${type}` : null);
  }
  return null;
}
