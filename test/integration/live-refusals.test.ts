// The live socket refuses an upgrade with a real HTTP status and the same error JSON as every
// other door, using only the contract's codes.
import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ERROR_CODES } from "../../server/contract/index.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const TOKEN = "live-refusals-token";
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ token: TOKEN });
});
afterAll(async () => {
  await server?.dispose();
});

interface Answer {
  status: number;
  body: unknown;
}

/** Opens a WebSocket; resolves with the refusal (status + JSON body), or status 101 when it opened. */
function upgrade(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.console.replace(/^http/, "ws")}${path}`, { headers });
    ws.on("error", () => {});
    ws.on("open", () => {
      ws.close();
      resolve({ status: 101, body: null });
    });
    ws.on("unexpected-response", (_req, res: IncomingMessage) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      res.on("error", reject);
    });
  });
}

const codes = Object.values(ERROR_CODES) as string[];
const withToken = { authorization: `Bearer ${TOKEN}` };

describe("live socket refusals", () => {
  it("answers a socket without the console's token with 401 unauthorized", async () => {
    const answer = await upgrade("/api/live");
    expect(answer).toEqual({
      status: 401,
      body: { error: { code: "unauthorized", message: expect.any(String) } },
    });
  });

  it("answers a cross-site upgrade with 403 forbidden_origin, even with the token", async () => {
    const answer = await upgrade("/api/live", { ...withToken, origin: "http://evil.example" });
    expect(answer).toEqual({
      status: 403,
      body: { error: { code: "forbidden_origin", message: expect.any(String) } },
    });
  });

  it("answers an unknown Host with 403 forbidden_host", async () => {
    const answer = await upgrade("/api/live", { ...withToken, host: "rebound.example" });
    expect(answer).toEqual({
      status: 403,
      body: { error: { code: "forbidden_host", message: expect.any(String) } },
    });
  });

  it("answers another path with 404 not_found", async () => {
    const answer = await upgrade("/api/elsewhere", withToken);
    expect(answer).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: expect.any(String) } },
    });
  });

  it("uses only the contract's error codes, and opens with the token", async () => {
    const refusals = await Promise.all([
      upgrade("/api/live"),
      upgrade("/api/live", { origin: "null" }),
      upgrade("/api/live", { "sec-fetch-site": "cross-site", ...withToken }),
    ]);
    for (const r of refusals) expect(codes).toContain((r.body as { error: { code: string } }).error.code);
    expect((await upgrade("/api/live", withToken)).status).toBe(101);
  });
});
