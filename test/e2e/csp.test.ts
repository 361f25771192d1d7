// The console under its own Content-Security-Policy in a real Chromium: the UI loads, goes
// live over its WebSocket and renders rows and details without a single policy violation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

describe.skipIf(!CHROMIUM)("console under its CSP", () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("loads, goes live and shows a delivery with no CSP violation", async () => {
    const page = await ui.browser.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.exposeFunction("reportViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as { reportViolation(v: string): void }).reportViolation(
          `${e.violatedDirective} ${e.blockedURI}`,
        ),
      );
    });
    await page.goto(`${ui.server.console}/`);
    await page.locator('[data-testid="connection"]', { hasText: "live" }).waitFor();
    const id = await ui.post("/hooks/csp/quay/repo_push", QUAY_PUSH(["v1"]));
    const row = page.locator(`[data-testid="delivery-row"][data-id="${id}"]`);
    await row.click();
    await page.getByTestId("json-view").waitFor();
    await page.goto(`${ui.server.console}/#/certs`);
    await page.getByTestId("client-key").waitFor();
    expect(await page.getByTestId("client-key").locator("a").count()).toBe(0);
    expect(violations).toEqual([]);
    await page.close();
  });
});
