// The console's list model driven through its live-source seam: pages come from a real console
// API (a Quayside on 127.0.0.1), live messages from a source the test controls. Each message
// kind changes the rows, the count and the selection as the list shows them; pause holds rows.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DeliverySummary, LiveMessage, Page } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let state: typeof import("../../web/state/deliveries.ts");
let push: (message: LiveMessage) => void = () => {};
let status: (s: "connecting" | "live" | "reconnecting") => void = () => {};

async function post(endpoint: string, tag: string): Promise<DeliverySummary> {
  const res = await send(`${server.https}/hooks/${endpoint}`, {
    body: JSON.stringify({ repository: "ns/app", updated_tags: [tag] }),
    ca: server.ca,
  });
  const id = JSON.parse(res.body).delivery as string;
  const page = (await (
    await fetch(`${server.console}/api/deliveries?endpoint=${endpoint}`)
  ).json()) as Page<DeliverySummary>;
  const summary = page.items.find((d) => d.id === id);
  if (!summary) throw new Error(`delivery ${id} not listed`);
  return summary;
}

const ids = () => state.rows.value.map((r) => r.id);

beforeAll(async () => {
  server = await startTestServer();
  // The page's globals, pointed at the real console: its URL, history, and fetch of /api/...
  const url = new URL(`${server.console}/?endpoint=live-seam`);
  const realFetch = globalThis.fetch;
  vi.stubGlobal("location", url);
  vi.stubGlobal("history", { pushState() {}, replaceState() {} });
  vi.stubGlobal("fetch", (input: string, init?: RequestInit) => realFetch(new URL(input, url), init));
  await post("live-seam", "before-start");
  state = await import("../../web/state/deliveries.ts");
  state.connect({
    onMessage: (listener) => {
      push = listener;
    },
    onStatus: (listener) => {
      status = listener;
    },
  });
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await server?.dispose();
});

describe("the list model behind a live source", () => {
  it("loads the first page for the URL's filters at once, and follows the source's status", async () => {
    await expect.poll(() => state.rows.value.length).toBe(1);
    expect(state.rows.value[0]?.endpoint).toBe("live-seam");
    expect(state.total.value).toBe(1);
    status("live");
    expect(state.connection.value).toBe("live");
  });

  it("puts a new delivery on top, counts it, and leaves out one the filters exclude", async () => {
    const mine = await post("live-seam", "second");
    const other = await post("elsewhere", "x");
    push({ type: "delivery", delivery: other });
    push({ type: "delivery", delivery: mine });
    expect(ids()[0]).toBe(mine.id);
    expect(ids()).not.toContain(other.id);
    expect(state.total.value).toBe(2);
  });

  it("holds arrivals while paused and shows them, newest first, on resume", async () => {
    state.togglePause();
    const held = await post("live-seam", "held");
    push({ type: "delivery", delivery: held });
    expect(ids()).not.toContain(held.id);
    expect(state.held.value.map((d) => d.id)).toEqual([held.id]);
    state.resume();
    expect(ids()[0]).toBe(held.id);
    expect(state.held.value).toEqual([]);
  });

  it("replaces an updated row in place and drops deleted rows, closing the open one", () => {
    const [first, second] = state.rows.value;
    if (!first || !second) throw new Error("two rows expected");
    push({ type: "delivery-updated", delivery: { ...second, status: 503 } });
    expect(state.rows.value.find((r) => r.id === second.id)?.status).toBe(503);
    state.selectedId.value = first.id;
    const before = state.total.value ?? 0;
    push({ type: "deleted", ids: [first.id] });
    expect(ids()).not.toContain(first.id);
    expect(state.selectedId.value).toBeNull();
    expect(state.total.value).toBe(before - 1);
  });

  it("resyncs from the server on hello, so what the source missed appears", async () => {
    const missed = await post("live-seam", "missed");
    expect(ids()).not.toContain(missed.id);
    push({ type: "hello", seq: 0 });
    await expect.poll(() => ids()[0]).toBe(missed.id);
    // the server's truth: the row deleted above by message only is back, the count exact again
    expect(state.total.value).toBe(4);
  });

  it("empties the list when everything is cleared, and keeps the newest TLS failures", () => {
    push({ type: "cleared", endpoint: null });
    expect(state.rows.value).toEqual([]);
    expect(state.total.value).toBe(0);
    for (let i = 0; i < state.MAX_CONNECTION_EVENTS + 5; i++) {
      push({ type: "tls-error", at: new Date(i).toISOString(), remote: `127.0.0.1:${i}`, reason: "alert" });
    }
    expect(state.tlsErrors.value).toHaveLength(state.MAX_CONNECTION_EVENTS);
    expect(state.tlsErrors.value[0]?.remote).toBe(`127.0.0.1:${state.MAX_CONNECTION_EVENTS + 4}`);
  });
});
