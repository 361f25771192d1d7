// "group retries" in Chromium: a chain of retries is one row (latest attempt, ×attempts,
// outcome) that expands to its attempts; j/k move over what is shown; the URL keeps the toggle;
// at 1024 px the toggle, status, event and validity stay in view.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { send } from "../helpers/clients.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

/** Quay gives up after 3 failed attempts: a 4th would start a chain of its own. */
const ATTEMPTS = 3;

/** The ids of the rows shown, top to bottom. */
const shown = (page: Page) =>
  page
    .getByTestId("delivery-row")
    .evaluateAll((els) =>
      els
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((e) => e.getAttribute("data-id") as string),
    );

describe.skipIf(!CHROMIUM)("grouping retries in the list", () => {
  let ui: UiHarness;
  const attempts: string[] = [];
  let other = "";
  beforeAll(async () => {
    ui = await startUi();
    const put = await fetch(`${ui.server.console}/api/endpoints/lg-chain`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        rules: [{ schedule: { kind: "first", n: ATTEMPTS - 1 }, respond: { status: 503 } }],
      }),
    });
    expect(put.status).toBe(200);
    const body = QUAY_PUSH(["retried"]);
    for (let i = 0; i < ATTEMPTS; i++) {
      const res = await send(`${ui.server.https}/hooks/lg-chain/quay/repo_push`, { body, ca: ui.ca });
      attempts.unshift(String(res.headers["x-quayside-delivery"])); // newest first, as listed
    }
    other = await ui.post("/hooks/lg-chain/quay/repo_push", QUAY_PUSH(["single"]));
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("shows a chain as one row with ×attempts and its outcome, expanding to the older attempts", async () => {
    const page = await ui.page("/?endpoint=lg-chain");
    await expect.poll(() => shown(page)).toEqual([other, ...attempts]);
    await page.getByTestId("group-retries").check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get("group") === "retries");
    await expect.poll(() => shown(page)).toEqual([other, attempts[0]]);
    const toggle = page.locator(`[data-id="${attempts[0]}"] [data-testid="chain-toggle"]`);
    expect(await toggle.textContent()).toContain(`×${ATTEMPTS}`);
    expect(await page.locator(`[data-id="${attempts[0]}"] .c-status`).textContent()).toBe("200");
    await expect.poll(() => toggle.getAttribute("data-outcome")).toBe("delivered");
    await toggle.click();
    await expect.poll(() => shown(page)).toEqual([other, ...attempts]);
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    expect(await page.locator(".attempt-row").count()).toBe(ATTEMPTS - 1);
    expect(await page.getByTestId("detail").count()).toBe(0); // folding does not open the row
    await toggle.click();
    await expect.poll(() => shown(page)).toEqual([other, attempts[0]]);
  });

  it("moves j/k over the rows shown, and keeps the grouping across a reload", async () => {
    const page = await ui.page("/?endpoint=lg-chain&group=retries");
    await expect.poll(() => shown(page)).toEqual([other, attempts[0]]);
    expect(await page.getByTestId("group-retries").isChecked()).toBe(true);
    const current = () =>
      page.locator('[data-testid="delivery-row"][aria-current="true"]').getAttribute("data-id");
    await page.keyboard.press("j");
    expect(await current()).toBe(other);
    await page.keyboard.press("j");
    expect(await current()).toBe(attempts[0]);
    await page.keyboard.press("j"); // the last row shown: the hidden attempts are not visited
    expect(await current()).toBe(attempts[0]);
    await page.keyboard.press("k");
    expect(await current()).toBe(other);
    await page.reload();
    await expect.poll(() => shown(page)).toEqual([other, attempts[0]]);
    await page.getByTestId("group-retries").uncheck();
    await expect.poll(() => shown(page)).toEqual([other, ...attempts]);
    expect(new URL(page.url()).searchParams.get("group")).toBeNull();
  });

  it("keeps the chain toggle, status, event and validity in view at 1024 px with the detail open", async () => {
    const page = await ui.browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(`${ui.server.console}/?endpoint=lg-chain&group=retries`);
    const head = page.locator(`[data-id="${attempts[0]}"]`);
    await head.click();
    await page.getByTestId("detail").waitFor();
    const list = await page.getByTestId("delivery-list").boundingBox();
    for (const cell of [".c-status", ".c-event", ".c-valid", '[data-testid="chain-toggle"]']) {
      const box = await head.locator(cell).boundingBox();
      expect(box, cell).not.toBeNull();
      expect((box?.width ?? 0) > 10, cell).toBe(true);
      expect((box?.x ?? 0) + (box?.width ?? 0), cell).toBeLessThanOrEqual(
        (list?.x ?? 0) + (list?.width ?? 0) + 0.5,
      );
    }
    await page.close();
  });
});
