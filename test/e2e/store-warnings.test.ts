// A data-dir problem that arises while the console is open (here a full segment that cannot be
// sealed: a directory stands where its sealed file goes) shows in the console at once, live.
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEGMENT_SIZE } from "../../server/store/segments.ts";
import { CHROMIUM } from "../helpers/browser.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

describe.skipIf(!CHROMIUM)("store warnings in Chromium", () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("shows a segment that could not be sealed without a reload; its deliveries still open", async () => {
    const page = await ui.page();
    expect(await page.getByTestId("store-warnings").count()).toBe(0);
    const blocker = join(ui.server.dataDir, "segments", "00000001.json");
    await mkdir(blocker, { recursive: true });
    try {
      const ids: string[] = [];
      for (let i = 0; i < SEGMENT_SIZE + 2; i += 25) {
        const batch = Array.from({ length: Math.min(25, SEGMENT_SIZE + 2 - i) }, (_, k) =>
          ui.post("/hooks/seal/quay/repo_push", QUAY_PUSH([`t${i + k}`])),
        );
        ids.push(...(await Promise.all(batch)));
      }
      const banner = page.getByTestId("store-warnings");
      await banner.waitFor({ timeout: 10_000 });
      expect(await banner.textContent()).toMatch(/segment 1 could not be sealed.*safe in its journal/);
      // the newest delivery (in the next segment) and the first (in the unsealed one) both open
      const last = ids.at(-1) as string;
      await page.locator(`[data-testid="delivery-row"][data-id="${last}"]`).click();
      await page
        .getByTestId("json-view")
        .getByText(`t${SEGMENT_SIZE + 1}`)
        .waitFor();
      await page.getByTestId("filter-q").fill(ids[0] as string);
      await page.getByTestId("filter-q").press("Enter");
      await page.locator(`[data-testid="delivery-row"][data-id="${ids[0]}"]`).click();
      await page.getByTestId("json-view").getByText("t0", { exact: false }).first().waitFor();
      await banner.getByRole("button", { name: "dismiss" }).click();
      await banner.waitFor({ state: "detached" });
    } finally {
      await rm(blocker, { recursive: true, force: true });
    }
  });
});
