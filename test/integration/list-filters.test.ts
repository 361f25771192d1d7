// GET /api/deliveries filters over a real socket: the status grammar (codes, classes, lists,
// negation, hang/reset), a 400 `bad_filter` for a status that does not parse, and the event
// filter as a prefix of the event or of registry/event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliverySummary, ErrorBody, Page } from "../../server/contract/index.ts";
import { makeDelivery } from "../helpers/delivery.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;

const answered = (id: string, status: number, action: "respond" | "hang" | "reset" = "respond") =>
  makeDelivery({
    id,
    endpoint: "lf",
    status,
    response: { status, headers: [], body: "", delayMs: 0, action, rule: null },
  });

beforeAll(async () => {
  server = await startTestServer();
  const { store } = server.running.core;
  await store.add(answered("lf-200", 200));
  await store.add(answered("lf-201", 201));
  await store.add(answered("lf-503", 503));
  await store.add(answered("lf-500", 500));
  await store.add(answered("lf-hang", 0, "hang"));
  await store.add(answered("lf-reset", 0, "reset"));
  await store.add(
    makeDelivery({ id: "lf-harbor", endpoint: "lf", registry: "harbor", event: "PUSH_ARTIFACT" }),
  );
  await store.add(makeDelivery({ id: "lf-mirror", endpoint: "lf", event: "repo_mirror_sync_started" }));
});
afterAll(() => server.dispose());

async function list(query: string): Promise<string[]> {
  const res = await fetch(`${server.console}/api/deliveries?endpoint=lf&${query}`);
  expect(res.status).toBe(200);
  const page = (await res.json()) as Page<DeliverySummary>;
  return page.items.map((d) => d.id).sort();
}

describe("status filter grammar on GET /api/deliveries", () => {
  it.each([
    ["503", ["lf-503"]],
    ["5xx", ["lf-500", "lf-503"]],
    ["200,201", ["lf-200", "lf-201", "lf-harbor", "lf-mirror"]],
    ["201", ["lf-201"]],
    ["5xx,!503", ["lf-500"]],
    ["hang", ["lf-hang"]],
    ["hung", ["lf-hang"]],
    ["reset,hang", ["lf-hang", "lf-reset"]],
    [" 2XX , 503 ", ["lf-200", "lf-201", "lf-503", "lf-harbor", "lf-mirror"]],
  ])("status=%s selects %j", async (status, ids) => {
    expect(await list(`status=${encodeURIComponent(status)}`)).toEqual(ids);
  });

  it("excludes with !: !200 and !5xx leave everything else, unanswered deliveries included", async () => {
    expect(await list("status=!2xx")).toEqual(["lf-500", "lf-503", "lf-hang", "lf-reset"]);
    expect(await list(`status=${encodeURIComponent("!5xx,!200")}`)).toContain("lf-hang");
    expect(await list(`status=${encodeURIComponent("!5xx,!200")}`)).not.toContain("lf-500");
  });

  it.each(["50", "5x", "600", "!", "200,,201", "abc", "5xx;200"])(
    "refuses status=%s with 400 bad_filter naming the grammar",
    async (status) => {
      const res = await fetch(`${server.console}/api/deliveries?status=${encodeURIComponent(status)}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe("bad_filter");
      expect(body.error.message).toContain("5xx");
    },
  );

  it("refuses an invalid status in a full-text search too, before any scan", async () => {
    const res = await fetch(`${server.console}/api/deliveries?q=repo&status=2x`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe("bad_filter");
  });
});

describe("event filter on GET /api/deliveries", () => {
  it("matches a prefix of the event, in any case", async () => {
    expect(await list("event=repo_m")).toEqual(["lf-mirror"]);
    expect(await list("event=push_art")).toEqual(["lf-harbor"]);
  });

  it("matches a prefix of registry/event", async () => {
    expect(await list("event=harbor/PUSH")).toEqual(["lf-harbor"]);
    expect(await list(`event=${encodeURIComponent("quay/repo_mirror")}`)).toEqual(["lf-mirror"]);
    expect(await list(`event=${encodeURIComponent("harbor/repo")}`)).toEqual([]);
  });

  it("still matches a full event name exactly", async () => {
    expect((await list("event=repo_push")).length).toBe(6);
    expect(await list("event=PUSH_ARTIFACT")).toEqual(["lf-harbor"]);
  });
});
