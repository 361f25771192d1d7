// Recognition from headers: which header names the sender, which value it must have, and what
// a body one field short of a sender's shape is recognised as (more/schemas-notes.md §12).
import { describe, expect, it } from "vitest";
import { detectByHeaders, headerMap } from "../../server/core/catalog/detect-headers.ts";

const byHeaders = (pairs: [string, string][], body: unknown = {}) => detectByHeaders(headerMap(pairs), body);
const declared = (registry: string, event: string | null) => ({
  registry,
  event,
  detection: "declared",
  confidence: 1,
});

describe("forge headers", () => {
  it("names Gitea by X-Gitea-Event and Gogs by X-Gogs-Event, with the body's action", () => {
    expect(byHeaders([["X-Gitea-Event", "package"]], { action: "created" })).toEqual(
      declared("gitea", "package.created"),
    );
    expect(byHeaders([["X-Gogs-Event", "package"]], { action: "deleted" })).toEqual(
      declared("gitea", "package.deleted"),
    );
    expect(byHeaders([["X-Forgejo-Event", "package"]], {})).toEqual(declared("gitea", "package"));
  });

  it("prefers Gitea's own header over the X-GitHub-Event it also sends", () => {
    const pairs: [string, string][] = [
      ["X-GitHub-Event", "package"],
      ["X-Gitea-Event", "package"],
    ];
    expect(byHeaders(pairs, { action: "created" })).toEqual(declared("gitea", "package.created"));
  });
});

describe("CloudEvents headers", () => {
  it("names Zot by its Ce-Type prefix alone, cutting the prefix off an event it does not list", () => {
    expect(byHeaders([["Ce-Type", "zotregistry.image.updated"]])).toEqual(declared("zot", "image.updated"));
    expect(byHeaders([["Ce-Type", "zotregistry.repository.renamed"]])).toEqual(
      declared("zot", "repository.renamed"),
    );
  });

  it("names Zot by Ce-Source zotregistry.dev even when the type has a custom prefix", () => {
    const pairs: [string, string][] = [
      ["Ce-Type", "acme.image.deleted"],
      ["Ce-Source", "zotregistry.dev"],
    ];
    expect(byHeaders(pairs)).toEqual(declared("zot", "image.deleted"));
  });

  it("only guesses Zot from a bare event suffix with a custom source", () => {
    const pairs: [string, string][] = [
      ["Ce-Type", "image.updated"],
      ["Ce-Source", "registry.acme.lan"],
    ];
    expect(byHeaders(pairs)).toEqual({
      registry: "zot",
      event: "image.updated",
      detection: "guessed",
      confidence: 0.8,
    });
  });

  it("leaves a CloudEvent of another kind to the body", () => {
    expect(byHeaders([["Ce-Type", "com.acme.build.finished"]])).toBeNull();
    expect(byHeaders([["Ce-Type", "acme.zotregistry.image.renamed"]])).toBeNull();
  });

  it("names Chainguard by Ce-Source cgr.dev whatever the type", () => {
    const pairs: [string, string][] = [
      ["Ce-Type", "com.acme.dev.chainguard.thing"],
      ["Ce-Source", "cgr.dev"],
    ];
    expect(byHeaders(pairs)).toEqual(declared("chainguard", "com.acme.dev.chainguard.thing"));
    expect(byHeaders([["Ce-Source", "cgr.dev"]])).toEqual(declared("chainguard", null));
  });

  it("names Chainguard's known types by event id and strips the prefix of others", () => {
    expect(byHeaders([["Ce-Type", "dev.chainguard.registry.pull.v1"]])).toEqual(
      declared("chainguard", "registry.pull"),
    );
    expect(byHeaders([["Ce-Type", "dev.chainguard.api.repo.created.v1"]])).toEqual(
      declared("chainguard", "api.repo.created.v1"),
    );
  });
});

describe("EventBridge, Pub/Sub and Artifactory headers", () => {
  const EB = "Amazon/EventBridge/ApiDestinations";

  it("names ECR from an EventBridge envelope whose source is aws.ecr", () => {
    const body = { source: "aws.ecr", "detail-type": "ECR Image Action", detail: {} };
    expect(byHeaders([["User-Agent", EB]], body)).toEqual(declared("ecr", "ECR Image Action"));
    expect(byHeaders([["User-Agent", EB]], { ...body, source: "aws.s3" })).toBeNull();
  });

  it("guesses ECR from the API-destination agent when a transformer reshaped the body", () => {
    expect(byHeaders([["User-Agent", EB]], { repository: "app" })).toEqual({
      registry: "ecr",
      event: null,
      detection: "guessed",
      confidence: 0.5,
    });
  });

  it("ignores a user agent that only mentions EventBridge later", () => {
    expect(byHeaders([["User-Agent", `curl/8.5 ${EB}`]], { repository: "app" })).toBeNull();
    expect(byHeaders([["User-Agent", "curl/8.5"]], {})).toBeNull();
  });

  it("names Artifact Registry by either Pub/Sub metadata header", () => {
    const body = { action: "INSERT", digest: "us-docker.pkg.dev/p/r/app@sha256:ab" };
    expect(byHeaders([["X-Goog-Pubsub-Subscription-Name", "projects/p/subscriptions/s"]], body)).toEqual(
      declared("gar", "INSERT"),
    );
    expect(byHeaders([["X-Goog-Pubsub-Message-Id", "123"]], body)).toEqual(declared("gar", "INSERT"));
  });

  it("gives no Artifact Registry event for an empty or non-text action", () => {
    const pairs: [string, string][] = [["X-Goog-Pubsub-Message-Id", "123"]];
    expect(byHeaders(pairs, { action: "" })).toEqual(declared("gar", null));
    expect(byHeaders(pairs, { action: 7 })).toEqual(declared("gar", null));
    expect(byHeaders(pairs, ["INSERT"])).toEqual(declared("gar", null));
  });

  it("names Artifactory by X-JFrog-Event-Auth, the event being domain.event_type", () => {
    const pairs: [string, string][] = [["X-JFrog-Event-Auth", "secret"]];
    expect(byHeaders(pairs, { domain: "docker", event_type: "pushed", data: {} })).toEqual(
      declared("artifactory", "docker.pushed"),
    );
    expect(byHeaders(pairs, { domain: "docker", data: {} })).toEqual(declared("artifactory", null));
    expect(byHeaders(pairs, { event_type: "pushed", data: {} })).toEqual(declared("artifactory", null));
    expect(byHeaders(pairs, "not an object")).toBeNull();
  });
});
