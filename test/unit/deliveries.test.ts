// The deliveries service writes the store, the chain tracker and the live hub together, and is
// the only code that publishes live messages.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LiveMessage } from "../../server/contract/index.ts";
import { createChainTracker } from "../../server/core/chains/index.ts";
import { createDeliveries, type Deliveries } from "../../server/core/deliveries.ts";
import { createHub } from "../../server/core/hub.ts";
import { createRuleEngine } from "../../server/core/rules/index.ts";
import { createStore } from "../../server/store/index.ts";
import type { Store } from "../../server/store/types.ts";
import { makeDelivery } from "../helpers/delivery.ts";

const serverDir = join(import.meta.dirname, "..", "..", "server");
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : f.endsWith(".ts") ? [p] : [];
  });
}

const opened: { store: Store; dir: string }[] = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});

/** A service over a real store (retention as given) with a hub whose messages are collected. */
async function setUp(retention = 100) {
  const dir = await mkdtemp(join(tmpdir(), "quayside-deliveries-"));
  // frames at every turn: these tests are about what is published, not how often frames leave
  const hub = createHub({ frameGapMs: 0 });
  const chains = createChainTracker();
  let service: Deliveries | null = null;
  const store = await createStore({ dir, retention, onEvicted: (ids) => service?.evict(ids) });
  opened.push({ store, dir });
  const urls = { https: null, http: null, console: "", receiverHttps: ["https://h:1"], receiverHttp: [] };
  service = createDeliveries({
    store,
    chains,
    hub,
    rules: createRuleEngine(),
    urls: () => urls,
    config: { clientCert: "report" },
  });
  const messages: LiveMessage[] = [];
  hub.subscribe((_json, batch) => messages.push(...batch));
  /** The messages published so far (the hub sends a turn's messages together). */
  const published = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return messages.splice(0);
  };
  return { service, store, chains, published };
}

/** Records one delivery of its own chain on endpoint "ci". */
function recordOne(service: Deliveries, id: string, announce = false) {
  const { seq: _seq, ...delivery } = makeDelivery({ id, chain: { id: `c-${id}`, attempt: 1 } });
  return service.record(
    {
      announce: announce ? { name: "ci", clientCert: { mode: "report", pins: [] }, rules: [] } : null,
      attempt: {
        chainId: `c-${id}`,
        at: Date.now(),
        status: 500,
        registry: "quay",
        event: "repo_push",
        endpoint: "ci",
      },
    },
    delivery,
  );
}

const chainedIds = (chains: ReturnType<typeof createChainTracker>) =>
  chains.list().flatMap((c) => c.attempts.map((a) => a.deliveryId));

describe("deliveries service", () => {
  it("is the only server module that publishes live messages", () => {
    const publishers = files(serverDir)
      .filter((f) => readFileSync(f, "utf8").includes(".publish("))
      .map((f) => relative(serverDir, f));
    expect(publishers).toEqual(["core/deliveries.ts"]);
  });

  it("records a delivery: stored, announced with its endpoint on first sight, and in its chain", async () => {
    const { service, store, chains, published } = await setUp();
    const stored = await recordOne(service, "r1", true);
    expect(stored.seq).toBeGreaterThan(0);
    expect(await store.get("r1")).toBeDefined();
    const messages = await published();
    expect(messages.map((m) => m.type)).toEqual(["endpoint", "delivery"]);
    expect(messages[0]).toMatchObject({
      endpoint: { name: "ci", count: 1, urls: { https: ["https://h:1/hooks/ci"] } },
    });
    expect(chainedIds(chains)).toEqual(["r1"]);
  });

  it("removes a delivery from the store and its chain and says so; an unknown id changes nothing", async () => {
    const { service, chains, published } = await setUp();
    await recordOne(service, "r1");
    await recordOne(service, "r2");
    await published();
    expect(await service.remove(["nope"])).toEqual([]);
    expect(await published()).toEqual([]);
    expect(await service.remove(["r1"])).toEqual(["r1"]);
    expect(await published()).toEqual([{ type: "deleted", ids: ["r1"] }]);
    expect(chainedIds(chains)).toEqual(["r2"]);
  });

  it("clears an endpoint's deliveries and chains and says so", async () => {
    const { service, chains, published } = await setUp();
    await recordOne(service, "r1");
    await published();
    expect(await service.clear("ci")).toEqual(["r1"]);
    expect(await published()).toEqual([{ type: "cleared", endpoint: "ci" }]);
    expect(chainedIds(chains)).toEqual([]);
  });

  it("forgets the chains of deliveries retention evicted, as a delete does", async () => {
    const { service, chains, published } = await setUp(2);
    for (const id of ["e1", "e2", "e3"]) await recordOne(service, id);
    expect(chainedIds(chains).sort()).toEqual(["e2", "e3"]);
    expect(await published()).toContainEqual({ type: "deleted", ids: ["e1"] });
  });

  it("saves endpoint settings and publishes the view with the secret masked", async () => {
    const { service, store, published } = await setUp();
    const view = await service.saveEndpoint({
      name: "ci",
      clientCert: { mode: "require", pins: [] },
      rules: [],
      signature: { secret: "s3cret-value", mode: "report" },
    });
    expect(store.endpoints.get("ci")?.signature?.secret).toBe("s3cret-value");
    expect(view.signature?.secret).not.toContain("s3cret");
    expect(await published()).toEqual([{ type: "endpoint", endpoint: view }]);
    expect(service.endpoint("ci")).toEqual(view);
    expect(service.endpoint("other").clientCert.mode).toBe("report");
  });
});
