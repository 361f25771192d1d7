// The list's typed filters in Chromium: the status grammar (lists, negation) with its error shown
// under the field when the input does not parse, and the event filter as a prefix with
// suggestions from the catalog and from what was received, for loaded rows and live ones.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

const QUAY_BUILD = JSON.stringify({ build_id: "b-1", repository: "ns/app", namespace: "ns", name: "app" });

async function filter(page: Page, field: "status" | "event", value: string): Promise<void> {
  await page.getByTestId(`filter-${field}`).fill(value);
  await page.getByTestId(`filter-${field}`).press("Enter");
  await page.waitForFunction(
    ([k, v]) => new URL(location.href).searchParams.get(k as string) === v,
    [field, value],
  );
}

/** The ids of the rows shown, sorted. */
const shown = (page: Page) =>
  page
    .getByTestId("delivery-row")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-id") as string).sort());

describe.skipIf(!CHROMIUM)("list filters in the console", () => {
  let ui: UiHarness;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ui = await startUi();
    ids.ok = await ui.post("/hooks/lf-status/quay/repo_push", QUAY_PUSH(["ok"]));
    ids.failed = await ui.post("/hooks/lf-status/quay/repo_push?status=503", QUAY_PUSH(["failed"]));
    ids.push = await ui.post("/hooks/lf-event/quay/repo_push", QUAY_PUSH(["p"]));
    ids.build = await ui.post("/hooks/lf-event/quay/build_success", QUAY_BUILD);
    ids.ghPush = await ui.post("/hooks/lf-header", "{}", { "X-GitHub-Event": "push" });
    ids.ghPing = await ui.post("/hooks/lf-header", '{"note":"push"}', { "X-GitHub-Event": "ping" });
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("filters by a negated status class and by a list of codes", async () => {
    const page = await ui.page("/?endpoint=lf-status");
    await expect.poll(() => shown(page)).toEqual([ids.failed, ids.ok].sort());
    await filter(page, "status", "!2xx");
    await expect.poll(() => shown(page)).toEqual([ids.failed]);
    await filter(page, "status", "201,503");
    await expect.poll(() => shown(page)).toEqual([ids.failed]);
    expect(await page.getByTestId("status-error").count()).toBe(0);
    // the grammar is written on the field itself
    expect(await page.getByTestId("filter-status").getAttribute("title")).toContain("!200");
  });

  it("shows why an invalid status is not applied, keeps it in the URL and leaves the list unfiltered", async () => {
    // an endpoint of its own: the row posted live below must not reach the other tests' lists
    const ok = await ui.post("/hooks/lf-invalid/quay/repo_push", QUAY_PUSH(["ok"]));
    const failed = await ui.post("/hooks/lf-invalid/quay/repo_push?status=503", QUAY_PUSH(["failed"]));
    const page = await ui.page("/?endpoint=lf-invalid&status=5xx");
    await expect.poll(() => shown(page)).toEqual([failed]);
    await filter(page, "status", "50");
    const error = page.getByTestId("status-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("5xx");
    expect(await page.getByTestId("filter-status").getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => shown(page)).toEqual([failed, ok].sort());
    // a row arriving live is not filtered by it either
    const live = await ui.post("/hooks/lf-invalid/quay/repo_push", QUAY_PUSH(["live"]));
    await page.locator(`[data-id="${live}"]`).waitFor();
    await page.reload();
    await error.waitFor();
    expect(await page.getByTestId("filter-status").inputValue()).toBe("50");
  });

  it("matches an event by its prefix or registry/event prefix, live rows too", async () => {
    const page = await ui.page("/?endpoint=lf-event");
    await expect.poll(() => shown(page)).toEqual([ids.build, ids.push].sort());
    await filter(page, "event", "repo_");
    await expect.poll(() => shown(page)).toEqual([ids.push]);
    await filter(page, "event", "quay/build");
    await expect.poll(() => shown(page)).toEqual([ids.build]);
    const live = await ui.post("/hooks/lf-event/quay/build_success", QUAY_BUILD);
    await page.locator(`[data-id="${live}"]`).waitFor();
    expect(await page.locator(`[data-id="${ids.push}"]`).count()).toBe(0);
  });

  it("keeps what is typed in the event field while rows arrive, until Enter applies it", async () => {
    const page = await ui.page("/?endpoint=lf-typing");
    const field = page.getByTestId("filter-event");
    await field.fill("quay/bui");
    // a live row changes the suggestions under the focused field: the draft must survive it
    const live = await ui.post("/hooks/lf-typing/quay/repo_push", QUAY_PUSH(["typing"]));
    await page.locator(`[data-id="${live}"]`).waitFor();
    await expect.poll(() => page.locator("#event-suggestions option").count()).toBeGreaterThan(20);
    expect(await field.inputValue()).toBe("quay/bui");
    await field.press("Enter");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("event") === "quay/bui");
    await expect.poll(() => shown(page)).toEqual([]);
  });

  it("suggests events received and from the catalog while the event field has focus", async () => {
    const page = await ui.page("/?endpoint=lf-event");
    await page.locator(`[data-id="${ids.push}"]`).waitFor();
    const options = page.locator("#event-suggestions option");
    expect(await options.count()).toBe(0); // nothing built for a field not in use
    await page.getByTestId("filter-event").focus();
    await expect.poll(() => options.count()).toBeGreaterThan(20);
    const values = await options.evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(values.slice(0, 2).sort()).toEqual(["quay/build_success", "quay/repo_push"]);
    expect(values).toContain("harbor/PUSH_ARTIFACT");
    expect(await page.getByTestId("filter-event").getAttribute("list")).toBe("event-suggestions");
  });

  it("searches one header by name with header:name=value, from the search field", async () => {
    const page = await ui.page("/?endpoint=lf-header");
    await expect.poll(() => shown(page)).toEqual([ids.ghPing, ids.ghPush].sort());
    expect(await page.getByTestId("filter-q").getAttribute("placeholder")).toContain("header:name=value");
    await page.getByTestId("filter-q").fill("header:X-GitHub-Event=push");
    await page.getByTestId("filter-q").press("Enter");
    await expect.poll(() => shown(page)).toEqual([ids.ghPush]);
    await page.getByTestId("filter-q").fill("header:x-github-event");
    await page.getByTestId("filter-q").press("Enter");
    await expect.poll(() => shown(page)).toEqual([ids.ghPing, ids.ghPush].sort());
  });
});
