// Response headers that keep the console's origin safe: its own pages and API get a strict CSP
// and refuse framing; any body a sender supplied is a download that can never render as a page.
import { createMiddleware } from "hono/factory";

/** A Host header fit to quote in a CSP source (the guard has already checked the name). */
const CSP_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The console's policy: only its own scripts (the built UI has no inline script), no framing.
 * Preact sets `style` through the CSSOM, which CSP does not restrict, so no 'unsafe-inline'.
 * `connect-src` names the ws:/wss: form of this origin besides 'self': browsers before CSP 3
 * do not count a WebSocket to the same host as 'self', and the UI lives on /api/live.
 * @example consoleCsp("localhost:4400") // "default-src 'self'; … connect-src 'self' ws://localhost:4400 wss://localhost:4400; …"
 */
export function consoleCsp(host: string | undefined): string {
  const sockets = host && CSP_HOST.test(host) ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
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

/** Sets the console's policy on every response that did not set its own (downloads do). */
export const securityHeaders = createMiddleware(async (c, next) => {
  await next();
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "no-referrer");
  c.header("x-frame-options", "DENY");
  if (!c.res.headers.has("content-security-policy")) {
    c.header("content-security-policy", consoleCsp(c.req.header("host")));
  }
});
