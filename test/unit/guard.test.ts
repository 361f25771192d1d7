import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createGuard } from "../../server/console/guard.ts";
import { errorResponse } from "../../server/errors.ts";

function app(token: string | null = null) {
  const guard = createGuard({ allowHosts: ["quayside.lan"], token });
  const a = new Hono();
  a.use("*", guard.middleware);
  a.get("/api/x", (c) => c.json({ ok: true }));
  a.post("/api/x", (c) => c.json({ ok: true }));
  a.get("/", (c) => c.html("<!doctype html>"));
  a.onError(errorResponse);
  return a;
}

describe("console guard", () => {
  it("accepts loopback and configured Host names, refuses others (DNS rebinding)", async () => {
    const a = app();
    expect((await a.request("/api/x", { headers: { host: "localhost:4400" } })).status).toBe(200);
    expect((await a.request("/api/x", { headers: { host: "[::1]:4400" } })).status).toBe(200);
    expect((await a.request("/api/x", { headers: { host: "quayside.lan" } })).status).toBe(200);
    const evil = await a.request("/api/x", { headers: { host: "evil.example:4400" } });
    expect(evil.status).toBe(403);
    expect(await evil.json()).toEqual({ error: { code: "forbidden_host", message: expect.any(String) } });
  });

  it("refuses cross-origin state changes but allows same-origin ones", async () => {
    const a = app();
    const cross = await a.request("/api/x", {
      method: "POST",
      headers: { host: "localhost:4400", origin: "http://evil.example" },
    });
    expect(cross.status).toBe(403);
    const same = await a.request("/api/x", {
      method: "POST",
      headers: { host: "localhost:4400", origin: "http://localhost:4400" },
    });
    expect(same.status).toBe(200);
  });

  it("asks for the token when one is set, and accepts bearer, cookie or one-time URL", async () => {
    const a = app("t0k");
    expect((await a.request("/api/x", { headers: { host: "localhost" } })).status).toBe(401);
    expect(
      (await a.request("/api/x", { headers: { host: "localhost", authorization: "Bearer t0k" } })).status,
    ).toBe(200);
    const viaUrl = await a.request("/api/x?token=t0k", { headers: { host: "localhost" } });
    expect(viaUrl.status).toBe(200);
    expect(viaUrl.headers.get("set-cookie")).toMatch(/quayside_token=t0k; HttpOnly/);
    expect(
      (await a.request("/api/x", { headers: { host: "localhost", cookie: "quayside_token=t0k" } })).status,
    ).toBe(200);
  });

  it("refuses any API request a browser marks as cross-site, GET included, but not the UI page", async () => {
    const a = app();
    const code = async (path: string, headers: Record<string, string>) => {
      const res = await a.request(path, { headers: { host: "localhost:4400", ...headers } });
      return res.status === 200 ? 200 : ((await res.json()) as { error: { code: string } }).error.code;
    };
    expect(await code("/api/x", { origin: "http://evil.example" })).toBe("forbidden_origin");
    expect(await code("/api/x", { "sec-fetch-site": "cross-site" })).toBe("forbidden_origin");
    expect(await code("/api/x", { "sec-fetch-site": "same-site" })).toBe("forbidden_origin");
    expect(await code("/%61pi/x", { "sec-fetch-site": "cross-site" })).toBe("forbidden_origin");
    expect(await code("/api/x", { "sec-fetch-site": "same-origin" })).toBe(200);
    expect(await code("/api/x", { "sec-fetch-site": "none", origin: "http://localhost:4400" })).toBe(200);
    expect(await code("/", { "sec-fetch-site": "cross-site", origin: "http://evil.example" })).toBe(200);
  });

  it("treats an upgrade as an API request whatever its path says", () => {
    const { check } = createGuard({ allowHosts: [], token: null });
    const upgrade = { host: "localhost:4400", method: "UPGRADE", path: "/api/live" };
    expect(check({ ...upgrade, fetchSite: "cross-site" })?.code).toBe("forbidden_origin");
    expect(check({ ...upgrade, origin: "http://evil.example" })?.code).toBe("forbidden_origin");
    expect(check({ ...upgrade, fetchSite: "same-origin" })).toBeNull();
  });

  it("refuses a token that differs in length or in any byte", async () => {
    const a = app("t0k3n");
    for (const wrong of ["t0k3", "t0k3n!", "t0k3N", ""]) {
      const res = await a.request("/api/x", {
        headers: { host: "localhost", authorization: `Bearer ${wrong}` },
      });
      expect(res.status).toBe(401);
    }
  });
});
