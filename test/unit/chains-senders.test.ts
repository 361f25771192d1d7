// Chains per sender: retries are tied by the sender's real event id (Pub/Sub messageId, EventBridge
// id, CloudEvents Ce-Id, GitHub/Gitea delivery GUIDs) but never by Nexus' per-request id; success
// and final answers follow each profile (EventBridge stops at a 400, Pub/Sub takes 102 but not 203).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RegistryId } from "../../server/contract/types.ts";
import { createCatalog } from "../../server/core/catalog/index.ts";
import { isFinal, isSuccess, SENDER_PROFILES } from "../../server/core/catalog/profiles.ts";
import { chainKey, createChainTracker, describeExpected } from "../../server/core/chains/index.ts";
import { MAX_CHAIN_ATTEMPTS } from "../../server/core/chains/tracker.ts";
import { FIXTURES, wireHeaders } from "../helpers/wire.ts";

const catalog = createCatalog();

/** The chain key the receiver computes for a fixture, with some headers replaced. */
function keyOf(
  registry: RegistryId,
  file: string,
  change: { headers?: Record<string, string>; body?: string } = {},
) {
  const body = Buffer.from(change.body ?? readFileSync(join(FIXTURES, registry, file), "utf8"));
  const headers = wireHeaders(registry, file).map(([name, value]): [string, string] => {
    const replaced = change.headers?.[name.toLowerCase()];
    return [name, replaced ?? value];
  });
  const contentType = headers.find(([n]) => n.toLowerCase() === "content-type")?.[1] ?? "application/json";
  const cls = catalog.classify({ body, contentType, headers });
  expect(cls.registry).toBe(registry);
  return { key: chainKey(body, cls.senderId), senderId: cls.senderId };
}

describe("chain keys use the sender's event id", () => {
  it.each([
    ["gar", "INSERT.tag.json", "2070443601311540"],
    ["gar", "INSERT.tag.unwrapped.json", "2070443601311540"],
    ["zot", "image_updated.json", "cd5a8286-ecbf-5a43-acc9-759d357fd582"],
    ["chainguard", "registry_push.json", "ed95cbbd-20f6-5536-ba10-662000f13ba3"],
    ["github", "package_published.json", "d3a6bf3e-c2f6-57b0-8040-7bd199973aa6"],
    ["gitea", "package_created.json", "51d8934d-83e6-517b-acd3-d5b3307026ad"],
  ] as const)("%s/%s is keyed by %s", (registry, file, id) => {
    expect(keyOf(registry, file)).toEqual({ key: `id:${id}`, senderId: id });
  });

  it("keys EventBridge deliveries by the envelope's id", () => {
    const file = "ECR_Image_Action.push.json";
    const id = JSON.parse(readFileSync(join(FIXTURES, "ecr", file), "utf8")).id as string;
    expect(keyOf("ecr", file).key).toBe(`id:${id}`);
  });

  it("ties a Pub/Sub redelivery whose body gained deliveryAttempt to the first attempt", () => {
    const text = readFileSync(join(FIXTURES, "gar", "INSERT.tag.json"), "utf8");
    const redelivered = JSON.stringify({ ...JSON.parse(text), deliveryAttempt: 2 });
    expect(keyOf("gar", "INSERT.tag.json", { body: redelivered }).key).toBe(
      keyOf("gar", "INSERT.tag.json").key,
    );
  });

  it("tells two CloudEvents with identical bodies apart by Ce-Id", () => {
    const a = keyOf("zot", "image_updated.json");
    const b = keyOf("zot", "image_updated.json", { headers: { "ce-id": "another-event" } });
    expect(a.key).not.toBe(b.key);
  });

  it("does not key Nexus by X-Nexus-Webhook-Delivery, which is new on every request", () => {
    const a = keyOf("nexus", "rm_repository_component.json");
    const b = keyOf("nexus", "rm_repository_component.json", {
      headers: { "x-nexus-webhook-delivery": "00000000-0000-4000-8000-000000000000" },
    });
    expect(a.senderId).toBeNull();
    expect(a.key).toMatch(/^sha256:/);
    expect(b.key).toBe(a.key);
  });
});

describe("each sender's schedule in words", () => {
  it("names exponential backoff by its ends and factor, and a single attempt as such", () => {
    const p = SENDER_PROFILES;
    expect(describeExpected(p.gitlab)).toBe("11 attempts, waits ~1 s growing ×1.5 to ~38.4 s, 1 s timeout");
    expect(describeExpected(p.ecr)).toBe(
      "185 attempts, waits ~1 s growing ×2 to ~4.3 min, then ~8.2 min (the last wait repeats), " +
        "only 429, 5xx and timeouts retried, 5 s timeout",
    );
    expect(describeExpected(p.zot)).toBe("one attempt, no retries, 30 s timeout");
  });

  it("says a sender that documents no retries is measured, not compared", () => {
    const p = SENDER_PROFILES;
    expect(describeExpected(p.dockerhub)).toBe(
      "Docker Hub does not document its retries: measured here only",
    );
  });
});

describe("success and final answers per sender", () => {
  it("counts what each sender counts as delivered", () => {
    const p = SENDER_PROFILES;
    expect(isSuccess(p.gitlab, 302)).toBe(true);
    expect(isSuccess(p.ecr, 302)).toBe(false);
    expect(isSuccess(p.gar, 102)).toBe(true);
    expect(isSuccess(p.gar, 203)).toBe(false);
    expect(isSuccess(p.nexus, 101)).toBe(true);
  });

  it("treats EventBridge's non-429 4xx, 1xx and 3xx as final, and no other sender's", () => {
    const p = SENDER_PROFILES;
    for (const status of [400, 404, 101, 302]) expect(isFinal(p.ecr, status)).toBe(true);
    for (const status of [429, 500, 503, 0, 200]) expect(isFinal(p.ecr, status)).toBe(false);
    for (const registry of ["gar", "gitlab", "quay", "distribution"] as const) {
      expect(isFinal(p[registry], 400)).toBe(false);
    }
  });

  const T0 = Date.parse("2026-12-01T10:00:00.000Z");
  function run(registry: RegistryId, statuses: number[], gapMs: number) {
    const tracker = createChainTracker();
    statuses.forEach((status, i) => {
      const at = T0 + i * gapMs;
      const assigned = tracker.assign({ endpoint: registry, key: "id:evt-1", registry, at });
      tracker.record({
        ...assigned,
        deliveryId: `d${i}`,
        at,
        status,
        registry,
        event: "push",
        endpoint: registry,
      });
    });
    return tracker.list();
  }

  it("ends an EventBridge chain as gave-up at a 400; the same id again joins it as a deviation", () => {
    const [first, ...rest] = run("ecr", [400], 1_000);
    expect(rest).toEqual([]);
    expect(first?.outcome).toBe("gave-up");
    expect(first?.profile.notes).toContain(
      "AWS ECR (EventBridge) does not retry a 400: only 429, 5xx and timeouts are retried",
    );
    // the final answer was the last attempt: nothing came after it
    expect(first?.profile.verdict).toBe("matches");
    const again = run("ecr", [400, 400], 1_000);
    expect(again.map((c) => c.attempts.length)).toEqual([2]);
    expect(again[0]?.profile.notes).toContain(
      "attempt 2 came after a 400, which AWS ECR (EventBridge) does not retry",
    );
  });

  it("keeps an EventBridge chain failing through 429 and 503", () => {
    const chains = run("ecr", [429, 503, 500], 2_000);
    expect(chains).toHaveLength(1);
    expect(chains[0]?.outcome).toBe("failing");
  });

  it("judges EventBridge's waits against its exponential backoff", () => {
    const tracker = createChainTracker();
    for (const [i, offset] of [0, 1_000, 3_000, 600_000].entries()) {
      const at = T0 + offset;
      const assigned = tracker.assign({ endpoint: "eb", key: "id:evt-2", registry: "ecr", at });
      tracker.record({
        ...assigned,
        deliveryId: `e${i}`,
        at,
        status: 503,
        registry: "ecr",
        event: null,
        endpoint: "eb",
      });
    }
    const [chain] = tracker.list();
    expect(chain?.profile.verdict).toBe("deviates");
    expect(chain?.profile.notes[0]).toMatch(
      /^attempt 4 came 9\.9 min after attempt 3; AWS ECR \(EventBridge\) waits ~4 s/,
    );
    expect(chain?.profile.expected).toContain("only 429, 5xx and timeouts retried");
  });

  it("keeps a Pub/Sub chain failing through 400s: every non-success is redelivered", () => {
    const chains = run("gar", [400, 400, 203], 10_000);
    expect(chains).toHaveLength(1);
    expect(chains[0]?.attempts).toHaveLength(3);
    expect(chains[0]?.outcome).toBe("failing");
  });

  it("joins GitHub's manual redelivery, days later, to the delivery it repeats", () => {
    const [chain, ...others] = run("github", [500, 200], 2 * 24 * 3600 * 1000);
    expect(others).toEqual([]);
    expect(chain?.attempts).toHaveLength(2);
    expect(chain?.outcome).toBe("delivered");
    expect(chain?.profile.verdict).toBe("matches");
    expect(chain?.profile.notes).toContain(
      "GitHub Packages does not retry: attempts after the first are manual redeliveries of the same delivery",
    );
  });

  it("starts a new chain once one holds MAX_CHAIN_ATTEMPTS, however often an event id repeats", () => {
    const tracker = createChainTracker({ maxAttempts: 5 });
    for (let i = 0; i < 7; i++) {
      const at = T0 + i;
      const assigned = tracker.assign({ endpoint: "flood", key: "id:same", registry: "gar", at });
      tracker.record({
        ...assigned,
        deliveryId: `f${i}`,
        at,
        status: 500,
        registry: "gar",
        event: null,
        endpoint: "flood",
      });
    }
    expect(tracker.list().map((c) => c.attempts.length)).toEqual([2, 5]);
    expect(MAX_CHAIN_ATTEMPTS).toBe(1_000);
  });

  it("starts a new chain for the same body hash once the sender's attempts are spent", () => {
    const tracker = createChainTracker();
    for (const [i, at] of [T0, T0 + 1000].entries()) {
      const assigned = tracker.assign({ endpoint: "z", key: "sha256:abc", registry: "zot", at });
      tracker.record({
        ...assigned,
        deliveryId: `z${i}`,
        at,
        status: 500,
        registry: "zot",
        event: null,
        endpoint: "z",
      });
    }
    expect(tracker.list().map((c) => c.attempts.length)).toEqual([1, 1]);
  });

  it("closes a GitLab chain as delivered on a 3xx", () => {
    const chains = run("gitlab", [500, 302], 1_000);
    expect(chains[0]?.outcome).toBe("delivered");
  });

  it("gives a GitLab chain up after its 11th failed attempt", () => {
    const chains = run("gitlab", Array(11).fill(500), 1_000);
    expect(chains).toHaveLength(1);
    expect(chains[0]?.outcome).toBe("gave-up");
  });
});
