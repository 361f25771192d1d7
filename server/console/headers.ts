// Response headers that keep the console's origin safe: its own pages and API get a strict CSP
// and refuse framing; any body a sender supplied is a download that can never render as a page.
import { randomBytes } from "node:crypto";
import { createMiddleware } from "hono/factory";

/** A Host header fit to quote in a CSP source (the guard has already checked the name). */
const CSP_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The console's policy: only its own scripts (the built UI has no inline script), no framing.
 * Preact sets `style` through the CSSOM, which CSP does not restrict, so no 'unsafe-inline'.
 * A page's `nonce` admits the `<style>` elements the body editor (CodeMirror) injects, and
 * nothing else: it is fresh per response, so a sender's text cannot guess it.
 * `connect-src` names the ws:/wss: form of this origin besides 'self': browsers before CSP 3
 * do not count a WebSocket to the same host as 'self', and the UI lives on /api/live.
 * @example consoleCsp("localhost:4400") // "default-src 'self'; … connect-src 'self' ws://localhost:4400 wss://localhost:4400; …"
 */
export function consoleCsp(host: string | undefined, nonce?: string): string {
  const sockets = host && CSP_HOST.test(host) ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    nonce ? `style-src 'self' 'nonce-${nonce}'` : "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A file name safe inside a quoted Content-Disposition value and on every file system. */
export function safeFilename(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");
  return cleaned === "" ? "download" : cleaned.slice(0, 120);
}

/**
 * Headers for a body that came from a sender (or is derived from one): always a download, never
 * sniffed, and sandboxed should a browser render it anyway, so HTML a LAN sender posted cannot
 * run script on the console's origin.
 * @example c.body(bytes, 200, { "content-type": type, ...downloadHeaders("d_1.body") })
 */
export function downloadHeaders(filename: string): Record<string, string> {
  return {
    "content-disposition": `attachment; filename="${safeFilename(filename)}"`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox",
  };
}

/** The meta element the UI reads its style nonce from (web/editor/nonce.ts). */
export const NONCE_META = "csp-nonce";

/** The page with its nonce in a meta element, for scripts to hand to CodeMirror. */
async function withNonce(res: Response, nonce: string): Promise<Response> {
  const html = await res.text();
  const meta = `<meta name="${NONCE_META}" content="${nonce}">`;
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  const body = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (h) => `${h}${meta}`) : meta + html;
  return new Response(body, { status: res.status, headers });
}

/** Sets the console's policy on every response that did not set its own (downloads do). */
export const securityHeaders = createMiddleware(async (c, next) => {
  await next();
  if (!c.res.headers.has("content-security-policy")) {
    const isPage = /^text\/html\b/i.test(c.res.headers.get("content-type") ?? "") && c.req.method !== "HEAD";
    const nonce = isPage ? randomBytes(16).toString("base64") : undefined;
    if (nonce) {
      const page = await withNonce(c.res, nonce);
      c.res.headers.delete("content-length"); // hono copies the old headers onto the new page
      c.res = page;
    }
    c.header("content-security-policy", consoleCsp(c.req.header("host"), nonce));
  }
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "no-referrer");
  c.header("x-frame-options", "DENY");
});
