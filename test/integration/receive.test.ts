import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { DeliveryDetail, DeliverySummary, Page } from "../../server/contract/index.ts";
import { connectLive, send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let ca: string;
beforeAll(async () => {
  server = await startTestServer();
  ca = server.ca;
});
afterAll(async () => {
  await server?.dispose();
});

const api = async <T>(path: string): Promise<T> =>
  (await fetch(`${server.console}${path}`)).json() as Promise<T>;

describe("receiving over HTTPS and HTTP", () => {
  it("answers 200 with the delivery id only after storing, and keeps the exact bytes", async () => {
    const body = '{"repository":"ns/app",  "updated_tags":["v1"], "weird":"\\u00e9 \u00e9"}';
    const res = await send(`${server.https}/hooks/demo?x=1`, {
      body,
      ca,
      headers: { "X-Dup": "a", "x-dup": "b" },
    });
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.body);
    expect(answer).toEqual({ ok: true, delivery: expect.any(String) });
    expect(res.headers["x-quayside-delivery"]).toBe(answer.delivery);

    const list = await api<Page<DeliverySummary>>("/api/deliveries?endpoint=demo");
    expect(list.items[0]?.id).toBe(answer.delivery);
    const raw = await fetch(`${server.console}/api/deliveries/${answer.delivery}/raw`);
    expect(Buffer.from(await raw.arrayBuffer()).equals(Buffer.from(body))).toBe(true);

    const detail = await api<DeliveryDetail>(`/api/deliveries/${answer.delivery}`);
    expect(detail.scheme).toBe("https");
    expect(detail.query).toBe("?x=1");
    expect(detail.tls?.protocol).toMatch(/TLS/);
    expect(detail.tls?.cipher).toBeTruthy();
    expect(detail.headers.filter(([k]) => k.toLowerCase() === "x-dup").map(([, v]) => v)).toEqual(["a", "b"]);
  });

  it("records the same over plain HTTP", async () => {
    const res = await send(`${server.http}/hooks/plain`, { body: '{"a":1}' });
    expect(res.status).toBe(200);
    const id = JSON.parse(res.body).delivery;
    const detail = await api<DeliveryDetail>(`/api/deliveries/${id}`);
    expect(detail.scheme).toBe("http");
    expect(detail.tls).toBeNull();
    expect(detail.body).toEqual({ text: '{"a":1}' });
  });

  it("keeps non-UTF-8 bodies as base64 and serves them back byte for byte", async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const res = await send(`${server.https}/hooks/bin`, {
      body: bytes,
      ca,
      headers: { "content-type": "application/octet-stream" },
    });
    const id = JSON.parse(res.body).delivery;
    const raw = await fetch(`${server.console}/api/deliveries/${id}/raw`);
    expect(Buffer.from(await raw.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("streams a summary over the live WebSocket after the answer", async () => {
    const live = await connectLive(server.console);
    try {
      const hello = await live.waitFor((m) => m.type === "hello");
      expect(typeof hello.seq).toBe("number");
      const res = await send(`${server.https}/hooks/live`, { body: "{}", ca });
      const id = JSON.parse(res.body).delivery;
      const message = await live.waitFor(
        (m) => m.type === "delivery" && (m.delivery as DeliverySummary).id === id,
      );
      const summary = message.delivery as DeliverySummary;
      // the endpoint was created by this delivery: the live message carries its URLs
      const created = await live.waitFor(
        (m) => m.type === "endpoint" && (m.endpoint as { name: string }).name === "live",
      );
      expect((created.endpoint as { urls: { https: string[] } }).urls.https[0]).toMatch(
        /^https:\/\/.+\/hooks\/live$/,
      );
      expect(summary.endpoint).toBe("live");
      expect(summary.status).toBe(200);
      expect("body" in summary).toBe(false);
    } finally {
      live.close();
    }
  });

  it("streams a burst of concurrent deliveries as batch frames, every one in arrival order", async () => {
    type Frame = { type: string; messages?: Frame[]; delivery?: DeliverySummary };
    const frames: Frame[] = [];
    const seen = new Set<string>();
    let expected: Set<string> | null = null;
    let allSeen: () => void = () => {};
    const complete = new Promise<void>((resolve) => {
      allSeen = resolve;
    });
    const ws = new WebSocket(`${server.console.replace(/^http/, "ws")}/api/live`);
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      frames.push(frame);
      for (const m of frame.type === "batch" ? (frame.messages ?? []) : [frame]) {
        if (m.type === "delivery" && m.delivery) seen.add(m.delivery.id);
      }
      if (expected && [...expected].every((id) => seen.has(id))) allSeen();
    });
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => send(`${server.https}/hooks/burst`, { body: `{"i":${i}}`, ca })),
      );
      expected = new Set(answers.map((a) => JSON.parse(a.body).delivery as string));
      if ([...expected].every((id) => seen.has(id))) allSeen();
      await complete;
      expect(expected.size).toBe(30);
      const batches = frames.filter((f) => f.type === "batch");
      expect(batches.length).toBeGreaterThan(0);
      // arrival order across the whole stream, not only inside each batch
      const seqs = frames
        .flatMap((f) => (f.type === "batch" ? (f.messages ?? []) : [f]))
        .flatMap((m) => (m.type === "delivery" && m.delivery ? [m.delivery.seq] : []));
      expect(seqs).toHaveLength(30);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(30);
    } finally {
      ws.close();
    }
  });

  it("serves nothing but /hooks and /healthz on the receiver", async () => {
    expect((await send(`${server.https}/healthz`, { method: "GET", ca })).status).toBe(200);
    const res = await send(`${server.https}/api/deliveries`, { method: "GET", ca });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).error.code).toBe("not_found");
  });

  it("deletes one delivery and clears an endpoint", async () => {
    const a = JSON.parse((await send(`${server.https}/hooks/gone`, { body: "{}", ca })).body).delivery;
    await send(`${server.https}/hooks/gone`, { body: "{}", ca });
    const countOf = async (name: string) =>
      (await api<{ name: string; count: number }[]>("/api/endpoints")).find((e) => e.name === name)?.count ??
      0;
    expect(await countOf("gone")).toBe(2);
    const del = await fetch(`${server.console}/api/deliveries/${a}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect((await fetch(`${server.console}/api/deliveries/${a}`)).status).toBe(404);
    expect(await countOf("gone")).toBe(1);
    const clear = await fetch(`${server.console}/api/deliveries?endpoint=gone`, { method: "DELETE" });
    expect(await clear.json()).toEqual({ deleted: 1 });
    expect((await api<Page<DeliverySummary>>("/api/deliveries?endpoint=gone")).items).toHaveLength(0);
  });

  it("answers API errors as { error: { code, message } }", async () => {
    const res = await fetch(`${server.console}/api/deliveries/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    // its own delivery, so the count holds in any test order
    expect((await send(`${server.https}/hooks/health-count`, { body: "{}", ca: server.ca })).status).toBe(
      200,
    );
    const health = await api<{ ok: boolean; deliveries: number }>("/api/health");
    expect(health.ok).toBe(true);
    expect(health.deliveries).toBeGreaterThan(0);
  });
});
