// The page's CSP style nonce (server/console/headers.ts puts it in a meta element), so the
// <style> elements CodeMirror injects are allowed without 'unsafe-inline'.

/** The nonce of this page, or null when the page was served without one (dev server). */
export function styleNonce(): string | null {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]');
  return meta?.content || null;
}
