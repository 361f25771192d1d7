// The rules step, the proxy, the commit and the mirror with a stand-in core: what the rules are
// asked, when the user's service answers instead, what a chain attempt records, and the 403 reason.
import { describe, expect, it } from "vitest";
import type { DeliveryDetail, EndpointSettings, ReplayResult, TlsInfo } from "../../server/contract/index.ts";
import type { Core } from "../../server/core/index.ts";
import type { Decision } from "../../server/core/rules/index.ts";
import { commitDelivery, mirrorDelivery } from "../../server/receiver/commit.ts";
import { decide } from "../../server/receiver/decide.ts";
import type { Arrival } from "../../server/receiver/delivery.ts";
import { clientCert } from "../../server/receiver/policy.ts";
import { defaultEndpoint } from "../../server/receiver/record.ts";
import type { NewDelivery } from "../../server/store/types.ts";
import { admitInputOf as admit, RESPOND_200 } from "../helpers/receiver-inputs.ts";

const replayed: ReplayResult = {
  at: "2026-01-01T00:00:00.000Z",
  target: "http://127.0.0.1:9/svc",
  status: 201,
  headers: [["content-type", "text/plain"]],
  body: "made",
  durationMs: 3,
};

function standIn(decision: Decision) {
  const asked: unknown[][] = [];
  const sent: unknown[][] = [];
  const core = {
    rules: {
      decide: (...args: unknown[]) => {
        asked.push(args);
        return decision;
      },
    },
    replayer: {
      send: async (...args: unknown[]) => {
        sent.push(args);
        return replayed;
      },
    },
  } as unknown as Pick<Core, "rules" | "replayer">;
  return { core, asked, sent };
}

const arrival = (query: string) =>
  ({
    id: "d1",
    endpoint: "ci",
    method: "POST",
    path: "/hooks/ci",
    query,
    headers: [["x-a", "1"]],
    payload: { text: "{}" },
    cls: { registry: "quay", event: "repo_push", repository: "org/app" },
    chain: { id: "c1", attempt: 2 },
  }) as unknown as Arrival;

const proxying: EndpointSettings = {
  ...defaultEndpoint("ci", { mode: "report", pins: [] } as never),
  forward: { url: "http://127.0.0.1:9/svc", mode: "proxy", clientCert: false },
} as EndpointSettings;

describe("decide", () => {
  it("asks the rules with no query for a URL without one, and the parsed query otherwise", () => {
    const { core, asked } = standIn(RESPOND_200);
    const settings = defaultEndpoint("ci", { mode: "report", pins: [] } as never);
    const answer = decide(core, settings, arrival(""));
    expect(answer).toEqual({
      response: expect.objectContaining({ status: 200 }),
      proxied: null,
      held: false,
    });
    expect(asked[0]?.[1]).toEqual({
      endpoint: "ci",
      registry: "quay",
      event: "repo_push",
      repository: "org/app",
      attempt: 2,
      chainId: "c1",
    });
    expect(asked[0]?.[2]).toBeUndefined();
    decide(core, settings, arrival("?status=500"));
    expect(String(asked[1]?.[2])).toBe("status=500");
  });

  it("in proxy mode relays the service's answer when no rule matched", async () => {
    const { core, sent } = standIn(RESPOND_200);
    const answer = await decide(core, proxying, arrival("?x=1"));
    expect(answer).toEqual({
      response: expect.objectContaining({ status: 201, body: "made", rule: "proxy" }),
      proxied: replayed,
      held: false,
    });
    expect(sent[0]).toEqual([
      {
        id: "d1",
        method: "POST",
        path: "/hooks/ci",
        query: "?x=1",
        headers: [["x-a", "1"]],
        body: { text: "{}" },
      },
      { target: "http://127.0.0.1:9/svc", clientCert: "none" },
    ]);
  });

  it("in proxy mode lets a matching rule or a hang answer without the service", () => {
    for (const decision of [
      { ...RESPOND_200, rule: 0 },
      { action: "hang", rule: 1 },
    ] as Decision[]) {
      const { core, sent } = standIn(decision);
      const answer = decide(core, proxying, arrival(""));
      expect(answer).not.toBeInstanceOf(Promise);
      expect(sent).toEqual([]);
    }
  });
});

function recorder() {
  const calls: unknown[][] = [];
  const replays: unknown[][] = [];
  const core = {
    deliveries: {
      record: async (...args: unknown[]) => {
        calls.push(args);
        return { id: "d1" };
      },
      addReplay: async (...args: unknown[]) => void replays.push(args),
    },
    replayer: { send: async () => replayed },
  } as unknown as Core;
  return { core, calls, replays };
}

const delivery = (action: "respond" | "hang") =>
  ({
    endpoint: "ci",
    registry: "quay",
    event: "repo_push",
    timings: { receivedMs: 5, storedMs: 6 },
    chain: { id: "c1", attempt: 1 },
    response: { status: action === "hang" ? 0 : 200, delayMs: 0, action },
  }) as unknown as NewDelivery;

describe("commitDelivery and mirrorDelivery", () => {
  it("records whether the attempt was hung", async () => {
    const { core, calls } = recorder();
    await commitDelivery(core, delivery("hang"), null);
    await commitDelivery(core, delivery("respond"), null);
    expect(calls.map(([options]) => (options as { attempt: { hung: boolean } }).attempt.hung)).toEqual([
      true,
      false,
    ]);
  });

  it("stores the mirror target's answer as a replay of the delivery", async () => {
    const { core, replays } = recorder();
    await mirrorDelivery(core, proxying.forward as never, { id: "d7" } as DeliveryDetail);
    expect(replays).toEqual([["d7", replayed]]);
  });
});

describe("client certificate refusal", () => {
  it("names why the certificate was not accepted, or says untrusted", () => {
    const tls = (reason: string | null) =>
      ({ clientCert: { presented: true, verdict: "untrusted", reason } }) as unknown as TlsInfo;
    const said = (t: TlsInfo) =>
      JSON.parse(clientCert(admit({ certMode: "require", tls: t }))?.response.body ?? "{}");
    expect(said(tls("self-signed")).error.message).toBe("client certificate not accepted: self-signed");
    expect(said(tls(null)).error.message).toBe("client certificate not accepted: untrusted");
  });
});
