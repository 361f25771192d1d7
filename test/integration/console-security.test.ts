import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectLive, type Sent, send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/** What a LAN sender may post to the receiver, hoping the console serves it as a page. */
const HTML_BODY = "<!doctype html><script>fetch('/api/certs').then((r) => r.text())</script>";

let server: TestServer;
let htmlId: string;

beforeAll(async () => {
  server = await startTestServer();
  const posted = await send(`${server.http}/hooks/lan`, {
    headers: { "content-type": "text/html" },
    body: HTML_BODY,
  });
  expect(posted.status).toBe(200);
  htmlId = (JSON.parse(posted.body) as { delivery: string }).delivery;
});
afterAll(async () => {
  await server?.dispose();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  send(`${server.console}${path}`, { method: "GET", headers });

function expectDownload(res: Sent) {
  expect(res.status).toBe(200);
  expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"$/);
  expect(res.headers["x-content-type-options"]).toBe("nosniff");
  expect(res.headers["content-security-policy"]).toBe("sandbox");
}

function expectConsolePolicy(res: Sent) {
  const csp = String(res.headers["content-security-policy"]);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe");
  expect(res.headers["x-frame-options"]).toBe("DENY");
}

describe("bodies a sender supplied are downloads, never pages on the console origin", () => {
  it("serves an HTML body from /raw as a sandboxed, unsniffed attachment", async () => {
    const res = await get(`/api/deliveries/${htmlId}/raw`);
    expectDownload(res);
    expect(res.body).toBe(HTML_BODY);
  });

  it("serves the raw export and every other export format the same way", async () => {
    for (const format of ["raw", "md", "json", "curl", "fixture", "har"]) {
      expectDownload(await get(`/api/deliveries/${htmlId}/export?format=${format}&redact=false`));
    }
    for (const format of ["md", "har", "samples"]) expectDownload(await get(`/api/export?format=${format}`));
  });

  it("offers certificates as downloads and never serves the client key", async () => {
    expectDownload(await get("/api/certs/ca.pem"));
    expect((await get("/api/certs/client-key.pem")).status).toBe(404);
    expect((await get("/api/certs/toString")).status).toBe(404);
    const view = await get("/api/certs");
    expect(view.body).not.toContain("PRIVATE KEY");
    expect(JSON.parse(view.body).clientKey).toEqual({ path: expect.stringMatching(/client-key\.pem$/) });
  });
});

describe("the console's own responses carry a strict policy", () => {
  it("gives the UI page, its script and the API a CSP without inline script, and forbids framing", async () => {
    const page = await get("/");
    expectConsolePolicy(page);
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = /<script[^>]*\bsrc="\.?(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    expectConsolePolicy(await get(script ?? "/missing.js"));
    expectConsolePolicy(await get("/api/health"));
  });

  it("lets the UI open its WebSocket under connect-src", async () => {
    const csp = String((await get("/api/health")).headers["content-security-policy"]);
    const host = new URL(server.console).host;
    expect(csp).toContain(`connect-src 'self' ws://${host} wss://${host}`);
  });
});

describe("cross-site use of the API is refused", () => {
  const refused = async (res: Sent) => {
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.code).toBe("forbidden_origin");
    expectConsolePolicy(res);
  };

  it("refuses a GET with a foreign Origin or a cross-site/same-site Sec-Fetch-Site", async () => {
    await refused(await get("/api/health", { origin: "http://evil.example" }));
    await refused(await get("/api/health", { origin: "null" }));
    await refused(await get("/api/health", { "sec-fetch-site": "cross-site" }));
    await refused(await get("/api/health", { "sec-fetch-site": "same-site" }));
    await refused(await get(`/api/deliveries/${htmlId}/raw`, { "sec-fetch-site": "cross-site" }));
  });

  it("refuses a cross-site export before it compiles any pattern", async () => {
    const pattern = encodeURIComponent("/^(a+)+$/");
    await refused(await get(`/api/export?format=md&pattern=${pattern}`, { "sec-fetch-site": "cross-site" }));
  });

  it("answers same-origin, user-typed and header-less requests", async () => {
    const origin = new URL(server.console).origin;
    expect((await get("/api/health", { origin })).status).toBe(200);
    expect((await get("/api/health", { "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await get("/api/health", { "sec-fetch-site": "none" })).status).toBe(200);
    expect((await get("/api/health")).status).toBe(200);
  });

  it("still serves the public UI page to a cross-site navigation, under the policy", async () => {
    const page = await get("/", { "sec-fetch-site": "cross-site" });
    expect(page.status).toBe(200);
    expectConsolePolicy(page);
  });

  it("refuses a cross-site WebSocket upgrade and accepts a same-origin one", async () => {
    await expect(connectLive(server.console, { "sec-fetch-site": "cross-site" })).rejects.toThrow(
      "upgrade refused: 403",
    );
    const live = await connectLive(server.console, { "sec-fetch-site": "same-origin" });
    await live.waitFor((m) => m.type === "hello");
    live.close();
  });
});

describe("a console started with a token", () => {
  const TOKEN = "console-T0ken=with/padding==";
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await startTestServer({ token: TOKEN });
  });
  afterAll(async () => {
    await guarded?.dispose();
  });
  const call = (headers: Record<string, string> = {}) =>
    send(`${guarded.console}/api/health`, { method: "GET", headers });

  it("refuses API requests without the token or with a wrong one, and accepts it", async () => {
    expect((await call()).status).toBe(401);
    expect((await call({ authorization: `Bearer ${TOKEN.slice(0, -1)}` })).status).toBe(401);
    expect((await call({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await call({ authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await call({ cookie: `quayside_token=${TOKEN}` })).status).toBe(200);
  });

  it("refuses a WebSocket upgrade without the token and accepts one with it", async () => {
    await expect(connectLive(guarded.console)).rejects.toThrow("upgrade refused: 401");
    const live = await connectLive(guarded.console, { cookie: `quayside_token=${TOKEN}` });
    await live.waitFor((m) => m.type === "hello");
    live.close();
  });
});
