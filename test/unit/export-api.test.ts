import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { runExport } from "../../server/cli/export.ts";
import { createExportApi } from "../../server/console/api/export.ts";
import type { DeliveryDetail } from "../../server/contract/index.ts";
import { unzip } from "../../server/export/zip.ts";
import { createMemoryStore } from "../../server/store/memory.ts";
import type { ListFilter } from "../../server/store/types.ts";
import { makeDelivery } from "../helpers/delivery.ts";

const HOST = "quay.corp.internal";

/** A memory store holding copies of `ds`, added in order; `calls` records each list() made. */
async function storeOf(ds: DeliveryDetail[], calls: { filter: ListFilter; limit: number }[] = []) {
  const store = createMemoryStore({ retention: 100 });
  for (const d of ds) await store.add(structuredClone(d));
  const list = store.list;
  store.list = (filter, limit, ...rest) => {
    calls.push({ filter, limit });
    return list(filter, limit, ...rest);
  };
  return store;
}

const quay = makeDelivery({ id: "dq1", text: `{"docker_url":"${HOST}/ns/repo"}` });
const harbor = makeDelivery({
  id: "dh1",
  registry: "harbor",
  event: "PUSH_ARTIFACT",
  text: '{"type":"PUSH_ARTIFACT"}',
});
const quay2 = makeDelivery({ id: "dq2", text: `{"docker_url":"${HOST}/ns/other"}` });

async function app(calls?: { filter: ListFilter; limit: number }[]) {
  return createExportApi({
    store: await storeOf([quay, harbor, quay2], calls),
    baseUrl: () => "https://localhost:8443",
  });
}

describe("GET /deliveries/:id/export", () => {
  it("answers a redacted Markdown snippet by default, always as a download with a file name", async () => {
    const res = await (await app()).request("/deliveries/dq1/export?format=md");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="delivery-dq1.md"');
    const text = await res.text();
    expect(text).toContain("## Quay repo_push");
    expect(text).not.toContain(HOST);
  });

  it("keeps hosts with redact=false and offers a download with download=1", async () => {
    const res = await (await app()).request("/deliveries/dq1/export?format=fixture&redact=false&download=1");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="quay-repo_push.json"');
    expect(res.headers.get("x-quayside-filename")).toBe("fixtures/quay/repo_push.json");
    expect(await res.text()).toBe(`{"docker_url":"${HOST}/ns/repo"}`);
  });

  it("answers 400 bad_request for an unknown format and 404 not_found for an unknown id", async () => {
    const bad = await (await app()).request("/deliveries/dq1/export?format=pdf");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("bad_request");
    const missing = await (await app()).request("/deliveries/nope/export?format=json");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "not_found", message: "no delivery nope" } });
    const badFlag = await (await app()).request("/deliveries/dq1/export?format=json&redact=maybe");
    expect(badFlag.status).toBe(400);
  });
});

describe("GET /export", () => {
  it("exports the filtered deliveries as one HAR, reading at most 1000", async () => {
    const calls: { filter: ListFilter; limit: number }[] = [];
    const res = await (await app(calls)).request("/export?format=har&registry=quay");
    expect(res.status).toBe(200);
    const har = await res.json();
    expect(har.log.entries).toHaveLength(2);
    expect(calls).toEqual([{ filter: { registry: "quay" }, limit: 1000 }]);
  });

  it("bundles one sample per registry and event", async () => {
    const res = await (await app()).request("/export?format=samples");
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toContain("quayside-samples.zip");
    const files = unzip(Buffer.from(await res.arrayBuffer()));
    expect(files.map((f) => f.name)).toEqual([
      "harbor/PUSH_ARTIFACT.json",
      "quay/repo_push.json",
      "README.md",
    ]);
    expect(files[1]?.data.toString("utf8")).toContain("registry.example.com/ns/other");
  });

  it("refuses formats that only exist for one delivery", async () => {
    const res = await (await app()).request("/export?format=curl");
    expect(res.status).toBe(400);
  });
});

describe("GET /diff", () => {
  it("compares two deliveries and answers 400 or 404 for bad ids", async () => {
    const res = await (await app()).request("/diff?a=dq1&b=dq2");
    const diff = await res.json();
    expect(diff.body.changes).toEqual([
      { op: "changed", path: "/docker_url", before: `${HOST}/ns/repo`, after: `${HOST}/ns/other` },
    ]);
    expect((await (await app()).request("/diff?a=dq1")).status).toBe(400);
    expect((await (await app()).request("/diff?a=dq1&b=zz")).status).toBe(404);
  });
});

describe("quayside export (against a real console on 127.0.0.1)", () => {
  it("prints one export, writes the samples folder and fails clearly on errors", async () => {
    const root = new Hono();
    root.route("/api", await app());
    const server = serve({ fetch: root.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    const dir = await mkdtemp(join(tmpdir(), "quayside-export-"));
    let consoleUrl = "";
    const closed = once(server, "close");
    try {
      if (!server.listening) await once(server, "listening");
      consoleUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      const md = await runExport({ console: consoleUrl, id: "dq1", format: "md" });
      expect(md.exitCode).toBe(0);
      expect(md.output).toContain("## Quay repo_push");
      expect(md.output).not.toContain(HOST);
      const raw = await runExport({ console: consoleUrl, id: "dq1", format: "raw", redact: false });
      expect(raw.output).toContain(HOST);

      const samples = await runExport({ console: consoleUrl, samples: dir });
      expect(samples.exitCode).toBe(0);
      expect(JSON.parse(await readFile(join(dir, "harbor/PUSH_ARTIFACT.json"), "utf8"))).toEqual({
        type: "PUSH_ARTIFACT",
      });
      const kept = await runExport({ console: consoleUrl, samples: join(dir, "kept.zip") });
      expect(kept.output).toBe(`wrote 2 samples and README.md to ${join(dir, "kept.zip")}`);
      const names = unzip(await readFile(join(dir, "kept.zip"))).map((e) => e.name);
      expect(names).toEqual(["harbor/PUSH_ARTIFACT.json", "quay/repo_push.json", "README.md"]);

      const missing = await runExport({ console: consoleUrl, id: "nope", format: "md" });
      expect(missing).toEqual({ exitCode: 1, output: "quayside export: no delivery nope (not_found)" });
      expect((await runExport({ console: consoleUrl, format: "curl" })).exitCode).toBe(2);
    } finally {
      server.closeAllConnections(); // fetch keeps connections alive
      server.close();
      await rm(dir, { recursive: true, force: true });
    }
    await closed;
    const down = await runExport({ console: consoleUrl, id: "dq1" });
    expect(down.exitCode).toBe(1);
    expect(down.output).toMatch(
      /could not reach the console at http:\/\/127\.0\.0\.1:\d+: connection refused/,
    );
  });
});
