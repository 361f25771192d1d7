// A client that retries the way distribution does with `threshold: 5, backoff: 1s` (README's
// snippet): immediate retries while fewer than 5 consecutive failures, then one per second. The
// chain over real HTTPS must read as that configuration, not as a deviation from the defaults.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainView } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  // One delivery of the event first, elsewhere, so its schema is compiled before a chain is timed:
  // these tests are about reading a schedule, not about a cold start on a busy machine.
  const warm = await send(`${server.https}/hooks/warm-up`, {
    body: EVENT,
    ca: server.ca,
    headers: { "content-type": "application/vnd.docker.distribution.events.v2+json" },
  });
  expect(warm.status).toBe(200);
});
afterAll(async () => {
  await server?.dispose();
});

const EVENT = JSON.stringify({
  events: [
    {
      id: "3c6c1a4c-1f1e-4b4e-9d57-1a2b3c4d5e6f",
      timestamp: "2026-12-01T10:00:00Z",
      action: "push",
      target: {
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        digest: "sha256:0000000000000000000000000000000000000000000000000000000000000001",
        size: 527,
        length: 527,
        repository: "team/app",
        url: "https://registry.example.test/v2/team/app/manifests/sha256:0000000000000000000000000000000000000000000000000000000000000001",
        tag: "v1",
      },
      request: {
        id: "r1",
        addr: "10.0.0.1:1234",
        host: "registry.example.test",
        method: "PUT",
        useragent: "docker/27",
      },
      actor: {},
      source: { addr: "registry:5000", instanceID: "i1" },
    },
  ],
});

/** distribution's Breaker: retry at once below `threshold` consecutive failures, else after `backoffMs`. */
async function distributionSink(
  url: string,
  threshold: number,
  backoffMs: number,
  body = EVENT,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let failures = 0; ; ) {
    const res = await send(url, {
      body,
      ca: server.ca,
      headers: { "content-type": "application/vnd.docker.distribution.events.v2+json" },
    });
    statuses.push(res.status);
    if (res.status < 400 || statuses.length > 12) return statuses;
    failures += 1;
    if (failures >= threshold) await new Promise((r) => setTimeout(r, backoffMs));
  }
}

describe("distribution's configured schedule", () => {
  it("reads a threshold 5, backoff 1 s chain failing 8 times then delivered as a match naming both", async () => {
    const put = await fetch(`${server.console}/api/endpoints/registry`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules: [{ schedule: { kind: "first", n: 8 }, respond: { status: 503 } }] }),
    });
    expect(put.status).toBe(200);
    const statuses = await distributionSink(`${server.https}/hooks/registry`, 5, 1000);
    expect(statuses).toEqual([503, 503, 503, 503, 503, 503, 503, 503, 200]);

    const [chain] = (await (
      await fetch(`${server.console}/api/chains?endpoint=registry`)
    ).json()) as ChainView[];
    expect(chain?.attempts).toHaveLength(9);
    expect(chain?.outcome).toBe("delivered");
    expect(chain?.profile.verdict).toBe("matches");
    expect(chain?.profile.notes[0]).toBe("matches distribution with threshold 5, backoff 1 s");
  });

  it("notes that the next event waited in distribution's queue behind the failing chain", async () => {
    const put = await fetch(`${server.console}/api/endpoints/queued`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules: [{ schedule: { kind: "first", n: 3 }, respond: { status: 503 } }] }),
    });
    expect(put.status).toBe(200);
    const url = `${server.https}/hooks/queued`;
    expect(await distributionSink(url, 5, 0)).toEqual([503, 503, 503, 200]);
    // the event queued behind it: same endpoint, a different event, sent as soon as the first got through
    const queued = EVENT.replace("3c6c1a4c", "4d7d2b5d").replace('"tag":"v1"', '"tag":"v2"');
    expect(await distributionSink(url, 5, 0, queued)).toEqual([503, 503, 503, 200]);
    const chains = (await (
      await fetch(`${server.console}/api/chains?endpoint=queued`)
    ).json()) as ChainView[];
    expect(chains).toHaveLength(2);
    const [newest, blocker] = chains;
    expect(newest?.attempts).toHaveLength(4);
    expect(newest?.profile.notes.find((n) => n.startsWith("held up to"))).toMatch(
      new RegExp(
        `^held up to [0-9.]+ m?s behind chain ${blocker?.id.replace(/[~.]/g, "\\$&")}: distribution sends`,
      ),
    );
  });
});
