// Full-text search in the console: a search shows that it is running and can be stopped. The
// list request is held by the test (page.route) until it lets it go, so "while pending" is a
// state the test controls, not a race against a fast server.
import type { Page, Request, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

/** A Quay push whose body holds `word` at character ~700. */
const deepPush = (word: string) => QUAY_PUSH(["v1"]).replace(/}$/, `,"pad":"${"p".repeat(600)} ${word}"}`);

/** Holds every list request that carries `q` until the test continues it. */
async function holdSearches(page: Page): Promise<() => Promise<Route>> {
  const held: Route[] = [];
  const waiting: ((r: Route) => void)[] = [];
  await page.route(/\/api\/deliveries\?.*\bq=/, (route) => {
    const next = waiting.shift();
    if (next) next(route);
    else held.push(route);
  });
  return () => {
    const route = held.shift();
    return route ? Promise.resolve(route) : new Promise((resolve) => waiting.push(resolve));
  };
}

/** Resolves with the request once the page aborted it. */
const aborted = (page: Page, route: Route) =>
  new Promise<Request>((resolve) => {
    const onFailed = (r: Request) => {
      if (r !== route.request()) return;
      page.off("requestfailed", onFailed);
      resolve(r);
    };
    page.on("requestfailed", onFailed);
  });

async function search(page: Page, q: string): Promise<void> {
  await page.getByTestId("filter-q").fill(q);
  await page.getByTestId("filter-q").press("Enter");
}

describe.skipIf(!CHROMIUM)("search in the console", () => {
  let ui: UiHarness;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ui = await startUi();
    ids.fjord = await ui.post("/hooks/search/quay/repo_push", deepPush("ZebraFjord"));
    ids.other = await ui.post("/hooks/search/quay/repo_push", deepPush("Walrus"));
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("shows that a search is running until its rows arrive", async () => {
    const page = await ui.page();
    const nextSearch = await holdSearches(page);
    await page.locator(`[data-testid="delivery-row"][data-id="${ids.other}"]`).waitFor();
    await search(page, "zebrafjord");
    const request = await nextSearch();
    await page.getByTestId("searching").waitFor();
    expect(await page.getByTestId("searching").textContent()).toContain("searching");
    await request.continue();
    await page.getByTestId("searching").waitFor({ state: "detached" });
    await page.locator(`[data-testid="delivery-row"][data-id="${ids.fjord}"]`).waitFor();
    expect(await page.getByTestId("delivery-row").count()).toBe(1);
  });

  it("stops a search with its × and aborts the request", async () => {
    const page = await ui.page();
    const nextSearch = await holdSearches(page);
    await search(page, "walrus");
    const request = await nextSearch();
    const gone = aborted(page, request);
    await page.getByTestId("search-cancel").click();
    await page.getByTestId("searching").waitFor({ state: "detached" });
    expect((await gone).failure()?.errorText).toMatch(/ABORTED/);
    await request.continue().catch(() => {}); // the page has let go of it already
  });

  it("aborts a search that new input supersedes, and shows the newer one's rows", async () => {
    const page = await ui.page();
    const nextSearch = await holdSearches(page);
    await search(page, "zebrafjord");
    const first = await nextSearch();
    const gone = aborted(page, first);
    await search(page, "walrus");
    const second = await nextSearch();
    await gone;
    await first.continue().catch(() => {});
    await page.getByTestId("searching").waitFor();
    await second.continue();
    await page.getByTestId("searching").waitFor({ state: "detached" });
    await page.locator(`[data-testid="delivery-row"][data-id="${ids.other}"]`).waitFor();
    expect(await page.getByTestId("delivery-row").count()).toBe(1);
  });
});
