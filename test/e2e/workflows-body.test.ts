// The body viewer and editor (CodeMirror, loaded lazily) in a real Chromium under the console's
// CSP, and the integrator's and docs writer's workflows end to end.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

/** Collects CSP violations and page errors from the moment the page is created. */
async function watch(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.exposeFunction("reportViolation", (v: string) => problems.push(`csp: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { reportViolation(v: string): void }).reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  return problems;
}

describe.skipIf(!CHROMIUM)("body viewer and editor", () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("shows a JSON body read-only with issues marked in place and no CSP violation", async () => {
    const id = await ui.post("/hooks/bv/quay/repo_push", QUAY_PUSH("not-an-array"));
    const page = await ui.browser.newPage();
    const problems = await watch(page);
    await page.goto(`${ui.server.console}/?endpoint=bv&id=${id}`);
    const view = page.getByTestId("json-view");
    await view.waitFor();
    const mark = view.locator('[data-pointer="/updated_tags"]');
    expect(await mark.getAttribute("class")).toContain("has-issue");
    expect(await view.locator('.issue[data-for="/updated_tags"]').textContent()).toMatch(/array/i);
    await view.locator(".cm-content").click();
    await page.keyboard.type("zzz");
    expect(await view.textContent()).not.toContain("zzz");
    await page.keyboard.press("Control+f");
    await view.locator(".cm-search input[name=search]").waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });
});
