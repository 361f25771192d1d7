// README promises kept by the receiver over real HTTPS: the body limit holds after gzip and
// deflate decoding, and a `hang` rule shows in the chain as held until the sender gave up.
import { deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainView, DeliveryDetail, DeliverySummary, Page } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const BODY_LIMIT = 64 * 1024;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ bodyLimit: BODY_LIMIT });
});
afterAll(async () => {
  await server?.dispose();
});

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${server.console}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

describe("body limit after decoding", () => {
  for (const [encoding, compress] of [
    ["deflate", deflateSync],
    ["gzip", gzipSync],
  ] as const) {
    it(`answers 413 and records a too-large stub for a ${encoding} bomb of ~10 KB`, async () => {
      // 10 MB of zeros: ~10 KB on the wire, 160 times the body limit once decoded
      const bomb = compress(Buffer.alloc(10 * 1024 * 1024));
      expect(bomb.length).toBeLessThan(BODY_LIMIT / 4);
      const res = await send(`${server.https}/hooks/bomb-${encoding}`, {
        body: bomb,
        ca: server.ca,
        headers: { "content-encoding": encoding },
      });
      expect(res.status).toBe(413);
      const answer = JSON.parse(res.body);
      expect(answer.error.code).toBe("body_too_large");
      const stored = await api<DeliveryDetail>(`/api/deliveries/${answer.delivery}`);
      expect(stored.note).toBe("too-large");
      expect(stored.status).toBe(413);
      expect(stored.decoded?.error).toMatch(/decoded body exceeds the body limit/);
      const page = await api<Page<DeliverySummary>>(`/api/deliveries?endpoint=bomb-${encoding}`);
      expect(page.items.map((d) => d.status)).toEqual([413]);
    });
  }
});

describe("a hang rule in the attempt chain", () => {
  it("says the attempt was held until Quay gave up once the client times out", async () => {
    const put = await fetch(`${server.console}/api/endpoints/held`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules: [{ respond: { action: "hang" } }] }),
    });
    expect(put.status).toBe(200);
    const sent = send(`${server.https}/hooks/held/quay/repo_push`, {
      body: JSON.stringify({ repository: "ns/held", updated_tags: ["v1"] }),
      ca: server.ca,
      timeoutMs: 1000,
    });
    await expect(sent).rejects.toThrow(/client timeout/);
    await expect
      .poll(async () => (await api<ChainView[]>("/api/chains?endpoint=held"))[0]?.profile.notes ?? [])
      .toContain("attempt 1 was held until Quay gave up: it saw a timeout after 10 s");
    const [chain] = await api<ChainView[]>("/api/chains?endpoint=held");
    expect(chain?.attempts.map((a) => a.status)).toEqual([0]);
  });
});
