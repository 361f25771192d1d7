// The console guard's edges: how Host, Origin, Sec-Fetch-Site and the token are read (case,
// ports, brackets, spacing), which methods count as state changes, and when the cookie is set.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createGuard, hostName, isApiPath } from "../../server/console/guard.ts";
import { errorResponse } from "../../server/errors.ts";

function app(token: string | null = null, allowHosts = ["Quayside.LAN"]) {
  const guard = createGuard({ allowHosts, token });
  const a = new Hono();
  a.use("*", guard.middleware);
  a.on(["GET", "POST", "HEAD", "OPTIONS", "DELETE"], ["/api/x", "/", "/apix"], (c) => c.json({ ok: true }));
  a.onError(errorResponse);
  return a;
}

async function outcome(res: Response): Promise<number | string> {
  if (res.status === 200) return 200;
  const body = (await res.json()) as { error: { code: string; message: string } };
  return `${res.status} ${body.error.code}: ${body.error.message}`;
}

describe("hostName", () => {
  it("drops the port, blanks and case; keeps an IPv6 literal with its brackets", () => {
    expect(hostName("  LocalHost:4400 ")).toBe("localhost");
    expect(hostName("[::1]:4400")).toBe("[::1]");
    expect(hostName("[::1]")).toBe("[::1]");
    expect(hostName("example.test")).toBe("example.test");
  });
});

describe("isApiPath", () => {
  it("is /api and below, not a path that merely starts with the letters", () => {
    expect(isApiPath("/api")).toBe(true);
    expect(isApiPath("/api/")).toBe(true);
    expect(isApiPath("/api/live")).toBe(true);
    expect(isApiPath("/apix")).toBe(false);
    expect(isApiPath("/")).toBe(false);
    expect(isApiPath(undefined)).toBe(false);
  });
});

describe("console guard: Host", () => {
  it("compares configured names without regard to case, and refuses a missing Host", async () => {
    const a = app();
    expect(await outcome(await a.request("/api/x", { headers: { host: "QUAYSIDE.lan:4400" } }))).toBe(200);
    expect(await outcome(await a.request("/api/x", { headers: { host: "127.0.0.1:4400" } }))).toBe(200);
    const { check } = createGuard({ allowHosts: [], token: null });
    expect(check({ method: "GET", path: "/" })).toEqual({
      status: 403,
      code: "forbidden_host",
      message: "unknown Host header",
    });
    expect(check({ host: "", method: "GET", path: "/" })?.code).toBe("forbidden_host");
    // a blank Host names nothing, whatever the list holds
    expect(check({ host: " ", method: "GET", path: "/" })?.code).toBe("forbidden_host");
  });

  it("answers a refused Host with a 403 and says why", async () => {
    const res = await app().request("/", { headers: { host: "rebound.example" } });
    expect(await outcome(res)).toBe("403 forbidden_host: unknown Host header");
  });
});

describe("console guard: state changes and origins", () => {
  const host = "localhost:4400";
  const evil = { host, origin: "http://evil.example" };

  it("lets a cross-origin GET, HEAD or OPTIONS of the page through, but no other method", async () => {
    const a = app();
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(await outcome(await a.request("/", { method, headers: evil }))).toBe(200);
    }
    for (const method of ["POST", "DELETE"]) {
      expect(await outcome(await a.request("/", { method, headers: evil }))).toBe(
        "403 forbidden_origin: cross-site request refused",
      );
    }
  });

  it("treats a path that only starts with the letters api as a page", async () => {
    const res = await app().request("/apix", { headers: { ...evil, "sec-fetch-site": "cross-site" } });
    expect(await outcome(res)).toBe(200);
  });

  it("compares the origin's host with the Host header without regard to case", async () => {
    const a = app();
    const res = await a.request("/api/x", {
      method: "POST",
      headers: { host: "LOCALHOST:4400", origin: "http://localhost:4400" },
    });
    expect(await outcome(res)).toBe(200);
    const otherPort = await a.request("/api/x", {
      method: "POST",
      headers: { host, origin: "http://localhost:4401" },
    });
    expect(await outcome(otherPort)).toMatch(/^403 forbidden_origin/);
  });

  it("refuses the opaque null origin and an origin on a request without a Host it can match", () => {
    const { check } = createGuard({ allowHosts: [], token: null });
    expect(check({ host, origin: "null", method: "POST", path: "/api/x" })?.code).toBe("forbidden_origin");
    expect(check({ host, method: "POST", path: "/api/x" })).toBeNull();
  });

  it("treats an upgrade on any path as an API request", () => {
    const { check } = createGuard({ allowHosts: [], token: null });
    expect(check({ host, method: "UPGRADE", path: "/", fetchSite: "cross-site" })?.code).toBe(
      "forbidden_origin",
    );
    expect(check({ host, method: "GET", path: "/", fetchSite: "cross-site" })).toBeNull();
  });

  it("reads Sec-Fetch-Site without regard to case", async () => {
    const res = await app().request("/api/x", { headers: { host, "sec-fetch-site": "Cross-Site" } });
    expect(await outcome(res)).toMatch(/^403 forbidden_origin/);
  });
});

describe("console guard: token", () => {
  const host = "localhost";

  it("answers a missing token with a 401 and says why", async () => {
    const res = await app("t0k").request("/api/x", { headers: { host } });
    expect(await outcome(res)).toBe("401 unauthorized: this console needs its token");
  });

  it("accepts the bearer scheme in any case and with more than one space", async () => {
    const a = app("t0k");
    for (const authorization of ["bearer t0k", "BEARER t0k", "Bearer   t0k", "Bearer\tt0k"]) {
      expect(await outcome(await a.request("/api/x", { headers: { host, authorization } }))).toBe(200);
    }
    expect(
      await outcome(await a.request("/api/x", { headers: { host, authorization: "Basic t0k" } })),
    ).toMatch(/^401/);
    expect(
      await outcome(await a.request("/api/x", { headers: { host, authorization: "Bearert0k" } })),
    ).toMatch(/^401/);
  });

  it("sets the cookie only when the URL carried the right token", async () => {
    const a = app("t0k");
    const viaUrl = await a.request("/api/x?token=t0k", { headers: { host } });
    expect(viaUrl.headers.get("set-cookie")).toBe("quayside_token=t0k; HttpOnly; SameSite=Strict; Path=/");
    const viaBearer = await a.request("/api/x", { headers: { host, authorization: "Bearer t0k" } });
    expect(viaBearer.status).toBe(200);
    expect(viaBearer.headers.get("set-cookie")).toBeNull();
    const wrongUrl = await a.request("/api/x?token=nope", { headers: { host, authorization: "Bearer t0k" } });
    expect(wrongUrl.status).toBe(200);
    expect(wrongUrl.headers.get("set-cookie")).toBeNull();
  });

  it("asks for nothing and sets no cookie when no token (or an empty one) is configured", async () => {
    for (const token of [null, ""]) {
      const res = await app(token).request("/api/x?token=", { headers: { host } });
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
  });

  it("strips the bearer word only at the start of the header", () => {
    const { check } = createGuard({ allowHosts: [], token: "t0k" });
    expect(check({ host, method: "GET", path: "/", authorization: "t0kBearer\t" })?.status).toBe(401);
  });

  it("refuses an empty candidate against a real token, from any source", () => {
    const { check } = createGuard({ allowHosts: [], token: "t0k" });
    const base = { host, method: "GET", path: "/" };
    expect(check({ ...base, authorization: "Bearer ", cookie: "", queryToken: "" })?.status).toBe(401);
    expect(check({ ...base, queryToken: "t0k" })).toBeNull();
    expect(check({ ...base, cookie: "t0k" })).toBeNull();
  });
});
