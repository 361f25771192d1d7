import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

describe.skipIf(!CHROMIUM)("console in Chromium", () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("shows the receiving URLs and copyable curl commands before the first delivery", async () => {
    // a server of its own: the shared one may already hold other tests' deliveries
    const fresh = await startTestServer();
    const page = await ui.browser.newPage();
    try {
      await page.goto(fresh.console);
      await page.getByTestId("empty-state").waitFor();
      // the URLs fill in once /api/health answers
      await expect
        .poll(() => page.getByTestId("empty-https").textContent())
        .toContain(`${new URL(fresh.https).port}/hooks/`);
      expect(await page.getByTestId("empty-http").textContent()).toContain(
        `${new URL(fresh.http).port}/hooks/`,
      );
      const curls = await page.getByTestId("empty-curl").allTextContents();
      expect(curls.some((c) => c.includes("/quay/repo_push") && c.includes("--cacert"))).toBe(true);
      expect(curls.some((c) => c.includes("TAG_PUSH"))).toBe(true);
    } finally {
      await page.close();
      await fresh.dispose();
    }
  });

  it("adds a row live when a delivery arrives, and opens its headers and body", async () => {
    const page = await ui.page();
    const id = await ui.post("/hooks/live/quay/repo_push", QUAY_PUSH(["v1.0"]), { "X-Trace": "abc123" });
    const row = page.locator(`[data-testid="delivery-row"][data-id="${id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain("repo_push");
    await row.click();
    await page.getByTestId("json-view").waitFor();
    expect(await page.getByTestId("json-view").textContent()).toContain("v1.0");
    await page.getByTestId("tab-headers").click();
    expect(await page.getByTestId("headers-table").textContent()).toContain("abc123");
    await page.getByTestId("tab-tls").click();
    expect(await page.getByTestId("tls-verdict").textContent()).toBe("none");
  });

  it("adds every row of a burst that arrives live in one go", async () => {
    const page = await ui.page();
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, i) => ui.post("/hooks/burst/quay/repo_push", QUAY_PUSH([`b${i}`]))),
    );
    for (const id of ids) await page.locator(`[data-testid="delivery-row"][data-id="${id}"]`).waitFor();
    const shown = await page
      .locator('[data-testid="delivery-row"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-id")));
    expect(new Set(shown.filter((id) => ids.includes(id as string))).size).toBe(12);
  });

  it("marks a validation issue at the JSON node it names", async () => {
    const page = await ui.page();
    const id = await ui.post("/hooks/bad/quay/repo_push", QUAY_PUSH("latest"));
    await page.locator(`[data-id="${id}"]`).click();
    const node = page.locator('.json [data-pointer="/updated_tags"]');
    await node.waitFor();
    expect(await node.getAttribute("class")).toContain("has-issue");
    expect(await page.locator('.json .issue[data-for="/updated_tags"]').textContent()).toMatch(/array/i);
  });

  it("opens an enormous JSON body without rendering every node", async () => {
    const page = await ui.page("/?endpoint=huge");
    const id = await ui.post(
      "/hooks/huge",
      JSON.stringify({ items: Array.from({ length: 20_000 }, (_, i) => i) }),
    );
    await page.locator(`[data-id="${id}"]`).click();
    const view = page.getByTestId("json-view");
    await view.waitFor();
    // CodeMirror draws only the lines in view; the end is still there to scroll to
    expect(await view.locator(".cm-line").count()).toBeLessThan(1000);
    await view.locator(".cm-content").click();
    await page.keyboard.press("Control+End");
    await view.locator(".cm-line", { hasText: "19999" }).waitFor();
  });

  it("keeps filters and search in the URL across a reload", async () => {
    await ui.post("/hooks/alpha/quay/repo_push", QUAY_PUSH(["a"], "team/alpha"));
    await ui.post("/hooks/beta/quay/repo_push", QUAY_PUSH(["b"], "team/beta"));
    const page = await ui.page();
    await page.getByTestId("filter-q").fill("team/beta");
    await page.getByTestId("filter-q").press("Enter");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "team/beta");
    await page.getByTestId("filter-status").fill("2xx");
    await page.getByTestId("filter-status").press("Enter");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("status") === "2xx");
    const rows = page.getByTestId("delivery-row");
    await expect.poll(async () => (await rows.allTextContents()).length).toBe(1);
    await page.reload();
    await page.locator('[data-testid="connection"]', { hasText: "live" }).waitFor();
    expect(await page.getByTestId("filter-q").inputValue()).toBe("team/beta");
    await expect.poll(async () => (await rows.allTextContents()).join(" ")).toContain("team/beta");
    expect((await rows.allTextContents()).join(" ")).not.toContain("team/alpha");
  });

  it("moves with j/k, opens with Enter, closes with Esc, and lists the keys on ?", async () => {
    const older = await ui.post("/hooks/keys/quay/repo_push", QUAY_PUSH(["k1"]));
    const newer = await ui.post("/hooks/keys/quay/repo_push", QUAY_PUSH(["k2"]));
    const page = await ui.page("/?endpoint=keys");
    await page.locator(`[data-testid="delivery-row"][data-id="${older}"]`).waitFor();
    const current = () =>
      page.locator('[data-testid="delivery-row"][aria-current="true"]').getAttribute("data-id");
    // newest first: j selects the top row, j again the one below, k goes back up
    await page.keyboard.press("j");
    expect(await current()).toBe(newer);
    await page.keyboard.press("j");
    expect(await current()).toBe(older);
    await page.keyboard.press("k");
    expect(await current()).toBe(newer);
    await page.keyboard.press("Enter");
    await page.getByTestId("detail").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("detail").waitFor({ state: "detached" });
    await page.keyboard.press("?");
    expect(await page.getByTestId("key-help").textContent()).toContain("replay");
    await page.keyboard.press("Escape");
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("filter-q");
  });

  it("follows the system's dark theme", async () => {
    const light = await ui.page();
    const dark = await ui.page("/", { dark: true });
    const bg = (p: typeof light) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [l, d] = [await bg(light), await bg(dark)];
    expect(l).not.toBe(d);
    const lum = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((a, b) => a + Number(b), 0);
    expect(lum(d)).toBeLessThan(lum(l));
  });
});
