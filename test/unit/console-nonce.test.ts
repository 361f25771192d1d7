import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { NONCE_META, securityHeaders } from "../../server/console/headers.ts";

const PAGE =
  '<!doctype html><html><head><meta charset="utf-8"></head><body><div id="app"></div></body></html>';

function app() {
  const a = new Hono();
  a.use("*", securityHeaders);
  a.get("/", (c) => c.html(PAGE));
  a.get("/api/x", (c) => c.json({ ok: true }));
  return a;
}

const nonceOf = (csp: string) => /style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];

describe("style nonce for the console page", () => {
  it("admits the page's own style elements with a fresh nonce per response, named in a meta element", async () => {
    const first = await app().request("/", { headers: { host: "localhost:4400" } });
    const second = await app().request("/", { headers: { host: "localhost:4400" } });
    const nonce = nonceOf(first.headers.get("content-security-policy") ?? "");
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(second.headers.get("content-security-policy") ?? "")).not.toBe(nonce);
    const html = await first.text();
    expect(html).toContain(`<head><meta name="${NONCE_META}" content="${nonce}"><meta charset="utf-8">`);
    expect(first.headers.get("content-length")).toBeNull();
    expect(first.headers.get("content-security-policy")).not.toContain("unsafe");
  });

  it("gives JSON responses the plain policy with no nonce", async () => {
    const res = await app().request("/api/x");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("style-src 'self';");
    expect(csp).not.toContain("nonce");
    expect(await res.json()).toEqual({ ok: true });
  });
});
