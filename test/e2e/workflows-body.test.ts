// The body viewer and editor (CodeMirror, loaded lazily) in a real Chromium under the console's
// CSP: issues in place, search, folding, a 1 MB body, and schema-aware editing in the replay.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

/** Collects CSP violations, console errors and page errors from the page's first byte on. */
export async function watchProblems(page: Page): Promise<string[]> {
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

/** Names of the scripts the page has loaded so far. */
const loadedScripts = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((e) => e.name)
      .filter((n) => n.endsWith(".js")),
  );

describe.skipIf(!CHROMIUM)("body viewer and editor", () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("paints the list in under a second without CodeMirror, and loads it when a body opens", async () => {
    const id = await ui.post("/hooks/bv-lazy/quay/repo_push", QUAY_PUSH(["lazy"]));
    const page = await ui.browser.newPage();
    const problems = await watchProblems(page);
    // the second load is the one measured: the first pays for a cold browser process
    await page.goto(`${ui.server.console}/?endpoint=bv-lazy`);
    await page.locator(`[data-testid="delivery-row"][data-id="${id}"]`).waitFor();
    await page.reload();
    await page.locator(`[data-testid="delivery-row"][data-id="${id}"]`).waitFor();
    const paint = await page.evaluate(
      () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
    );
    expect(paint).not.toBeNull();
    expect(paint as number, `first contentful paint after ${paint} ms`).toBeLessThan(1000);
    expect((await loadedScripts(page)).some((n) => n.includes("json-editor"))).toBe(false);
    await page.locator(`[data-id="${id}"]`).click();
    await page.getByTestId("json-view").locator(".cm-line", { hasText: "lazy" }).waitFor();
    expect((await loadedScripts(page)).some((n) => n.includes("json-editor"))).toBe(true);
    // the viewer never needs the schema support chunk
    expect((await loadedScripts(page)).some((n) => /\/schema-[^/]*\.js$/.test(n))).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows a JSON body read-only, issues marked in place with a lint marker, and Ctrl-F search", async () => {
    const id = await ui.post("/hooks/bv/quay/repo_push", QUAY_PUSH("not-an-array"));
    const page = await ui.browser.newPage();
    const problems = await watchProblems(page);
    await page.goto(`${ui.server.console}/?endpoint=bv&id=${id}`);
    const view = page.getByTestId("json-view");
    await view.waitFor();
    const mark = view.locator('[data-pointer="/updated_tags"]');
    expect(await mark.getAttribute("class")).toContain("has-issue");
    expect(await mark.textContent()).toContain('"updated_tags"');
    expect(await view.locator('.issue[data-for="/updated_tags"]').textContent()).toMatch(/array/i);
    expect(await view.locator(".cm-gutter-lint .cm-lint-marker-error").count()).toBe(1);

    await view.locator(".cm-content").click();
    await page.keyboard.type("zzz");
    expect(await view.textContent()).not.toContain("zzz");
    await page.keyboard.press("Control+f");
    const search = view.locator(".cm-search input[name=search]");
    await search.waitFor();
    await page.keyboard.type("docker_url"); // CodeMirror reads the query on key events
    await page.keyboard.press("Enter");
    await view.locator(".cm-searchMatch-selected", { hasText: "docker_url" }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("folds an object and opens a 1 MB body quickly, drawing only the lines in view", async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ i, name: `item-${i}`, pad: "x".repeat(64) }));
    const big = JSON.stringify({ first: { a: 1, b: 2 }, items, last: "the-end" });
    expect(big.length).toBeGreaterThan(1_000_000);
    const id = await ui.post("/hooks/bv-big", big);
    const page = await ui.page("/?endpoint=bv-big");
    await page.getByTestId("json-view-loading").count(); // the page is up; now time the opening
    const started = Date.now();
    await page.locator(`[data-id="${id}"]`).click();
    const view = page.getByTestId("json-view");
    await view.locator(".cm-line", { hasText: '"first"' }).waitFor();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await view.locator(".cm-line").count()).toBeLessThan(500);

    // fold "first" from the gutter: its members disappear, a placeholder stands in
    const firstLine = await view.locator(".cm-line", { hasText: '"first"' }).boundingBox();
    const foldMarker = view.locator(".cm-foldGutter .cm-gutterElement").filter({ hasText: /./ });
    const markers = await foldMarker.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    const index = markers.findIndex((top) => Math.abs(top - (firstLine?.y ?? -99)) < 4);
    expect(index).toBeGreaterThanOrEqual(0);
    await foldMarker.nth(index).click();
    await view.locator(".cm-foldPlaceholder").waitFor();
    expect(await view.locator(".cm-line", { hasText: '"a": 1' }).count()).toBe(0);

    await view.locator(".cm-content").click();
    await page.keyboard.press("Control+End");
    await view.locator(".cm-line", { hasText: "the-end" }).waitFor();
    await page.close();
  });

  it("checks a replay edit against the event's schema while typing", async () => {
    const id = await ui.post("/hooks/bv-schema/quay/repo_push", QUAY_PUSH(["fine"]));
    const page = await ui.browser.newPage();
    const problems = await watchProblems(page);
    await page.goto(`${ui.server.console}/?endpoint=bv-schema&id=${id}`);
    await page.getByTestId("json-view").waitFor();
    await page.keyboard.press("r");
    const editor = page.getByTestId("replay-body");
    await editor.waitFor();
    expect(await editor.locator(".cm-lintRange-error").count()).toBe(0);
    // "fine" → 42: a number where Quay's schema wants a tag name (a string)
    await editor.locator(".cm-content span", { hasText: /^"fine"$/ }).dblclick();
    await page.keyboard.press("ArrowLeft"); // caret before fine (inside the quotes)
    await page.keyboard.press("Backspace"); // drop the opening quote
    await page.keyboard.press("Shift+End");
    await page.keyboard.type("42]}");
    expect(await editor.locator(".cm-line").first().textContent()).toContain('"updated_tags":[42]}');
    await expect
      .poll(() => editor.locator(".cm-lint-marker-error").count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
