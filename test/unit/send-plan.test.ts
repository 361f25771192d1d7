// The simulator's plan per sender: how many attempts, how long between them, and which headers each
// attempt carries (sample sidecar headers, ids minted per event or per request as the sender does).
import { describe, expect, it } from "vitest";
import type { RegistryId } from "../../server/contract/types.ts";
import { SENDER_PROFILES } from "../../server/core/catalog/profiles.ts";
import { parseSidecar, planHeaders } from "../../server/send/headers.ts";
import { describeAttempt, FOREVER_CAP, plannedAttempts, waitAfter } from "../../server/send/index.ts";
import { readSample } from "../../server/send/samples.ts";

const total = (registry: RegistryId) => {
  const profile = SENDER_PROFILES[registry];
  let ms = 0;
  for (let n = 1; n < plannedAttempts(profile); n++) ms += waitAfter(profile, n);
  return ms;
};

describe("attempts and waits per sender", () => {
  it("spends EventBridge's 185 attempts in about 24 hours, starting at 1 s", () => {
    expect(plannedAttempts(SENDER_PROFILES.ecr)).toBe(185);
    expect(waitAfter(SENDER_PROFILES.ecr, 1)).toBe(1_000);
    expect(total("ecr") / 3_600_000).toBeCloseTo(24, 0);
  });

  it("gives GitLab 11 attempts over about 2 minutes of growing waits", () => {
    expect(plannedAttempts(SENDER_PROFILES.gitlab)).toBe(11);
    expect(total("gitlab") / 1000).toBeGreaterThan(100);
    expect(total("gitlab") / 1000).toBeLessThan(130);
  });

  it("backs Pub/Sub off from 10 s to 600 s and stops the run at the cap", () => {
    expect(waitAfter(SENDER_PROFILES.gar, 1)).toBe(10_000);
    expect(waitAfter(SENDER_PROFILES.gar, 50)).toBe(600_000);
    expect(plannedAttempts(SENDER_PROFILES.gar)).toBe(FOREVER_CAP);
    expect(plannedAttempts(SENDER_PROFILES.gar, 4)).toBe(4);
  });

  it("sends once for senders without retries, with undocumented retries, and for --retry none", () => {
    for (const registry of [
      "acr",
      "github",
      "gitea",
      "nexus",
      "zot",
      "artifactory",
      "aliyun",
      "chainguard",
      "dtr",
    ] as const) {
      expect(plannedAttempts(SENDER_PROFILES[registry])).toBe(1);
    }
    expect(plannedAttempts(null)).toBe(1);
    expect(plannedAttempts(SENDER_PROFILES.quay, 2)).toBe(2);
  });
});

describe("attempt lines", () => {
  it("says when an answer is final for the sender", () => {
    const line = describeAttempt({
      n: 1,
      at: "",
      status: 400,
      durationMs: 3,
      success: false,
      final: true,
      nextInMs: null,
    });
    expect(line).toBe("attempt 1: HTTP 400 in 3 ms — final: this sender does not retry it");
  });
});

describe("headers of simulated attempts", () => {
  it("reads a sample's sidecar and drops headers the client sets itself", () => {
    const text = "Host: x\nContent-Length: 3\nX-A: 1\nbad line\nConnection: close\nX-B:\r\n";
    expect(parseSidecar(text)).toEqual([
      ["X-A", "1"],
      ["X-B", ""],
    ]);
  });

  it("mints Nexus' delivery id per attempt and GitHub's per event, Gitea's four copies alike", async () => {
    const nexus = await readSample("nexus", "rm:repository:component");
    const plan = planHeaders(SENDER_PROFILES.nexus, nexus.headers);
    const [a, b] = [plan.forAttempt(), plan.forAttempt()];
    expect(a["x-nexus-webhook-id"]).toBe("rm:repository:component");
    expect(a["x-nexus-webhook-delivery"]).not.toBe(b["x-nexus-webhook-delivery"]);

    const github = await readSample("github", "package.published");
    const first = planHeaders(SENDER_PROFILES.github, github.headers);
    const second = planHeaders(SENDER_PROFILES.github, github.headers);
    expect(first.forAttempt()["x-github-delivery"]).toBe(first.forAttempt()["x-github-delivery"]);
    expect(first.forAttempt()["x-github-delivery"]).not.toBe(second.forAttempt()["x-github-delivery"]);

    const gitea = planHeaders(
      SENDER_PROFILES.gitea,
      (await readSample("gitea", "package.created")).headers,
    ).forAttempt();
    expect(
      new Set([gitea["x-gitea-delivery"], gitea["x-gogs-delivery"], gitea["x-github-delivery"]]).size,
    ).toBe(1);
    expect(gitea["x-gitea-delivery"]).not.toBe("51d8934d-83e6-517b-acd3-d5b3307026ad");
  });

  it("keeps the profile's User-Agent unless the sample names its own", async () => {
    const zot = await readSample("zot", "image.updated");
    const headers = planHeaders(SENDER_PROFILES.zot, zot.headers).forAttempt();
    expect(headers["user-agent"]).toBe(SENDER_PROFILES.zot.userAgent);
    expect(headers["ce-type"]).toBe("zotregistry.image.updated");
  });
});
