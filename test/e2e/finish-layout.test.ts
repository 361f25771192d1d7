import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { send } from "../helpers/clients.ts";
import { box, inside, newestOf as layoutNewestOf, pageAt as layoutPageAt, row } from "../helpers/layout.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

describe.skipIf(!CHROMIUM)("console finish in Chromium: layout", () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  const pageAt = (width: number, path: string) => layoutPageAt(ui, width, path);
  const newestOf = (endpoint: string) => layoutNewestOf(ui, endpoint);
  async function setRules(endpoint: string, rules: unknown[]) {
    const res = await fetch(`${ui.server.console}/api/endpoints/${endpoint}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules }),
    });
    expect(res.status).toBe(200);
  }

  it("heads the list with named columns whose badges explain themselves, numbers right-aligned", async () => {
    const id = await ui.post("/hooks/cols/quay/repo_push", QUAY_PUSH(["v1"], "ns/cols"));
    const page = await pageAt(1440, "/?endpoint=cols");
    await row(page, id).waitFor();
    const heads = await page.getByTestId("list-head").locator("span:visible").allTextContents();
    for (const h of ["time", "method", "status", "registry", "event", "repository:tag", "validity"])
      expect(heads).toContain(h);
    for (const h of ["certificate", "attempt", "size"]) expect(heads).toContain(h);
    const r = row(page, id);
    expect(await r.locator(".c-repo").textContent()).toBe("ns/cols:v1");
    expect(await r.locator(".c-cert .badge").getAttribute("title")).toBe("no client certificate presented");
    expect(await r.locator(".c-attempt").getAttribute("title")).toBe("attempt 1 of this event's chain");
    // each heading sits over its column
    for (const cls of ["c-time", "c-status", "c-event", "c-valid", "c-size"]) {
      const [h, c] = [
        await box(page, `[data-testid="list-head"] .${cls}`),
        await r.locator(`.${cls}`).boundingBox(),
      ];
      expect(Math.abs(h.x - (c?.x ?? -99))).toBeLessThan(1);
    }
    for (const cls of ["c-status", "c-size", "c-attempt"]) {
      const style = await r
        .locator(`.${cls}`)
        .evaluate((el) => [getComputedStyle(el).textAlign, getComputedStyle(el).fontVariantNumeric]);
      expect(style).toEqual(["right", "tabular-nums"]);
    }
  });

  it("keeps status, event and validity in view at 1024 px with the detail open, folding size first", async () => {
    const id = await ui.post("/hooks/narrow/quay/repo_push", QUAY_PUSH(["v2"], "ns/narrow"));
    const page = await pageAt(1024, "/?endpoint=narrow");
    await row(page, id).click();
    await page.getByTestId("detail").waitFor();
    const list = await box(page, '[data-testid="delivery-list"]');
    for (const cls of ["c-time", "c-status", "c-event", "c-valid"]) {
      const b = await row(page, id).locator(`.${cls}`).boundingBox();
      expect(b && b.width > 24 && inside(b, list), `${cls} in view`).toBe(true);
    }
    expect(await row(page, id).locator(".c-valid").textContent()).toBe("valid");
    expect(await row(page, id).locator(".c-event").textContent()).toBe("repo_push");
    for (const cls of ["c-size", "c-endpoint", "c-cert"])
      expect(await row(page, id).locator(`.${cls}`).isVisible(), `${cls} folded`).toBe(false);
  });

  it("says hung or reset in the status column when no answer was sent", async () => {
    await setRules("hung-ep", [{ respond: { action: "hang" } }]);
    await setRules("reset-ep", [{ respond: { action: "reset" } }]);
    await send(`${ui.server.https}/hooks/hung-ep`, { body: "{}", ca: ui.ca, timeoutMs: 300 }).catch(() => {});
    await send(`${ui.server.https}/hooks/reset-ep`, { body: "{}", ca: ui.ca }).catch(() => {});
    const [hung, reset] = [await newestOf("hung-ep"), await newestOf("reset-ep")];
    const page = await pageAt(1440, "/");
    await expect.poll(() => row(page, hung).locator(".c-status").textContent()).toBe("hung");
    expect(await row(page, reset).locator(".c-status").textContent()).toBe("reset");
  });

  it("leads the detail with what the delivery is, and opens Export inside the pane at 1024 px", async () => {
    const id = await ui.post("/hooks/headed/quay/repo_push", QUAY_PUSH(["v9"], "ns/headed"));
    const page = await pageAt(1024, "/?endpoint=headed");
    await row(page, id).click();
    const what = page.getByTestId("detail-what");
    await what.waitFor();
    expect(await what.textContent()).toContain("Quay repo_push");
    expect(await what.textContent()).toContain("ns/headed:v9");
    expect(await page.getByTestId("detail-head").textContent()).toContain(
      "POST /hooks/headed/quay/repo_push",
    );
    expect(await page.getByTestId("detail-id").textContent()).toBe(id);

    const headBefore = await box(page, '[data-testid="detail-head"]');
    await page.getByTestId("export-button").click();
    await page.getByTestId("export-menu").waitFor();
    const pane = await box(page, '[data-testid="detail"]');
    const parts = [
      page.getByTestId("replay-button"),
      page.getByRole("button", { name: "close detail" }),
      page.getByTestId("export-button"),
      page.getByTestId("export-menu"),
      ...(await page.getByTestId("export-menu").locator("a, label").all()),
    ];
    expect(parts.length).toBeGreaterThanOrEqual(10);
    for (const part of parts) {
      const b = await part.boundingBox();
      expect(b && inside(b, pane), `${await part.textContent()} inside the pane`).toBe(true);
    }
    const labels = await page.getByTestId("export-menu").getByRole("menuitem").allTextContents();
    expect(labels).toContain("HAR");
    // opening the menu moved nothing in the header
    expect(await box(page, '[data-testid="detail-head"]')).toEqual(headBefore);
    await page.keyboard.press("Escape");
    await page.getByTestId("export-menu").waitFor({ state: "detached" });
    expect(await page.getByTestId("detail").isVisible()).toBe(true);
  });

  it("keeps the filter bar on at most two rows at 1024 px with the detail open", async () => {
    const id = await ui.post("/hooks/filters/quay/repo_push", QUAY_PUSH(["v3"]));
    const page = await pageAt(1024, "/?endpoint=filters");
    await row(page, id).click();
    await page.getByTestId("detail").waitFor();
    const tops = await page
      .locator("search.filters > *")
      .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(tops.length).toBeGreaterThanOrEqual(7);
    const rows = [...new Set(tops)].sort((a, b) => a - b);
    // items of one row may differ by a pixel or two in height; rows are ~28 px apart
    const distinct = rows.filter((t, i) => i === 0 || t - (rows[i - 1] as number) > 8);
    expect(distinct.length).toBeLessThanOrEqual(2);
    const bar = await box(page, "search.filters");
    for (const b of await page
      .locator("search.filters > *")
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right)))
      expect(b).toBeLessThanOrEqual(bar.x + bar.width + 0.5);
  });
});
