// The console's list model driven through its live-source seam: pages come from a real console
// API (a Quayside on 127.0.0.1), live messages from a source the test controls. Each message
// kind changes the rows, the count and the selection as the list shows them; pause holds rows.
// Every test loads a fresh model on an endpoint of its own, so any order (or one test alone) works.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DeliverySummary, LiveMessage, Page } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

type Model = typeof import("../../web/state/deliveries.ts");
type ConsoleModel = typeof import("../../web/state/console.ts");
interface Seam {
  state: Model;
  consoleState: ConsoleModel;
  push: (message: LiveMessage) => void;
  status: (s: "connecting" | "live" | "reconnecting") => void;
  ids: () => string[];
}

let server: TestServer;
let endpointNo = 0;

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

/** A new endpoint with `tags.length` deliveries, and a fresh list model opened on it. */
async function open(...tags: string[]): Promise<Seam & { endpoint: string }> {
  const endpoint = `live-seam-${++endpointNo}`;
  for (const tag of tags) await post(endpoint, tag);
  // The page's globals, pointed at the real console: its URL, history, and fetch of /api/...
  const url = new URL(`${server.console}/?endpoint=${endpoint}`);
  const realFetch = globalThis.fetch;
  vi.stubGlobal("location", url);
  vi.stubGlobal("history", { pushState() {}, replaceState() {} });
  vi.stubGlobal("fetch", (input: string, init?: RequestInit) => realFetch(new URL(input, url), init));
  vi.resetModules();
  const state = (await import("../../web/state/deliveries.ts")) as Model;
  const consoleState = (await import("../../web/state/console.ts")) as ConsoleModel;
  const seam: Seam = {
    state,
    consoleState,
    push: () => {},
    status: () => {},
    ids: () => state.rows.value.map((r) => r.id),
  };
  state.connect({
    onMessage: (listener) => {
      seam.push = listener;
    },
    onStatus: (listener) => {
      seam.status = listener;
    },
  });
  await expect.poll(() => state.rows.value.length).toBe(tags.length);
  return { ...seam, endpoint, push: (m) => seam.push(m), status: (s) => seam.status(s) };
}

/**
 * The next page request reaches the server at once, but its answer waits for `release()`;
 * `read` resolves once the server has answered it. `inner` is the real fetch.
 */
function holdNextPage() {
  const inner = globalThis.fetch;
  let release = () => {};
  const answerHeld = new Promise<void>((r) => {
    release = r;
  });
  let pageRead = () => {};
  const read = new Promise<void>((r) => {
    pageRead = r;
  });
  let first = true;
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    if (!first || !String(input).includes("/api/deliveries")) return inner(input, init);
    first = false;
    const res = await inner(input, init);
    pageRead();
    await answerHeld;
    return res;
  });
  return { inner, read, release: () => release() };
}

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  vi.unstubAllGlobals();
});
afterAll(async () => {
  await server?.dispose();
});

describe("the list model behind a live source", () => {
  it("loads the first page for the URL's filters at once, and follows the source's status", async () => {
    const { state, status, endpoint } = await open("before-start");
    expect(state.rows.value[0]?.endpoint).toBe(endpoint);
    expect(state.total.value).toBe(1);
    expect(state.connection.value).toBe("connecting");
    status("live");
    expect(state.connection.value).toBe("live");
  });

  it("puts a new delivery on top, counts it, and leaves out one the filters exclude", async () => {
    const { state, push, ids, endpoint } = await open("first");
    const mine = await post(endpoint, "second");
    const other = await post(`${endpoint}-elsewhere`, "x");
    push({ type: "delivery", delivery: other });
    push({ type: "delivery", delivery: mine });
    expect(ids()[0]).toBe(mine.id);
    expect(ids()).not.toContain(other.id);
    expect(state.total.value).toBe(2);
  });

  it("holds arrivals while paused and shows them, newest first, on resume", async () => {
    const { state, push, ids, endpoint } = await open("first");
    state.togglePause();
    const held = await post(endpoint, "held");
    push({ type: "delivery", delivery: held });
    expect(ids()).not.toContain(held.id);
    expect(state.held.value.map((d) => d.id)).toEqual([held.id]);
    state.resume();
    expect(ids()[0]).toBe(held.id);
    expect(state.held.value).toEqual([]);
  });

  it("replaces an updated row in place and drops deleted rows, closing the open one", async () => {
    const { state, push, ids } = await open("older", "newer");
    const [first, second] = state.rows.value;
    if (!first || !second) throw new Error("two rows expected");
    push({ type: "delivery-updated", delivery: { ...second, status: 503 } });
    expect(state.rows.value.find((r) => r.id === second.id)?.status).toBe(503);
    state.selectedId.value = first.id;
    push({ type: "deleted", ids: [first.id] });
    expect(ids()).not.toContain(first.id);
    expect(state.selectedId.value).toBeNull();
    expect(state.total.value).toBe(1);
  });

  it("resyncs from the server on hello, so what the source missed appears", async () => {
    const { state, push, ids, endpoint } = await open("a", "b");
    const [gone] = ids();
    push({ type: "deleted", ids: [gone as string] });
    const missed = await post(endpoint, "missed");
    expect(ids()).not.toContain(missed.id);
    push({ type: "hello", seq: 0 });
    await expect.poll(() => ids()[0]).toBe(missed.id);
    // the server's truth: the row deleted above by message only is back, the count exact again
    expect(ids()).toContain(gone);
    expect(state.total.value).toBe(3);
  });

  it("keeps what arrives and goes live while a resync's page, read before them, is on its way", async () => {
    const { state, push, ids, endpoint } = await open("a", "b");
    const [newest, oldest] = ids() as [string, string];
    const { read, release } = holdNextPage();
    push({ type: "hello", seq: 0 });
    await read;
    const arrived = await post(endpoint, "meanwhile");
    push({ type: "delivery", delivery: arrived });
    push({ type: "deleted", ids: [oldest] });
    const newestRow = state.rows.value.find((r) => r.id === newest) as DeliverySummary;
    push({ type: "delivery-updated", delivery: { ...newestRow, status: 299 } });
    release();
    await expect.poll(() => state.loading.value).toBe(false);
    expect(ids()).toEqual([arrived.id, newest]);
    expect(state.rows.value[1]?.status).toBe(299); // the update, not the page's older row
    expect(state.total.value).toBe(2);
  });

  it("asks again when everything is cleared while a resync's page, read before, is on its way", async () => {
    const { state, push, ids } = await open("a");
    const { inner, read, release } = holdNextPage();
    push({ type: "hello", seq: 0 });
    await read; // the page lists "a"
    const cleared = await inner(`${server.console}/api/deliveries`, { method: "DELETE" });
    expect(cleared.status).toBe(200);
    push({ type: "cleared", endpoint: null });
    release();
    await expect.poll(() => state.loading.value).toBe(false);
    expect(ids()).toEqual([]);
    expect(state.total.value).toBe(0);
  });

  it("empties the list when everything is cleared, and keeps the newest TLS failures", async () => {
    const { state, consoleState, push } = await open("a");
    push({ type: "cleared", endpoint: null });
    expect(state.rows.value).toEqual([]);
    expect(state.total.value).toBe(0);
    const { MAX_CONNECTION_EVENTS, tlsErrors } = consoleState;
    for (let i = 0; i < MAX_CONNECTION_EVENTS + 5; i++) {
      push({ type: "tls-error", at: new Date(i).toISOString(), remote: `127.0.0.1:${i}`, reason: "alert" });
    }
    expect(tlsErrors.value).toHaveLength(MAX_CONNECTION_EVENTS);
    expect(tlsErrors.value[0]?.remote).toBe(`127.0.0.1:${MAX_CONNECTION_EVENTS + 4}`);
  });
});
