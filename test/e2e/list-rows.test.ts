// What each list row and the list's status line say, in Chromium: the full date on hover, what
// a distribution event is about (blob or manifest), and how many rows are loaded of how many match.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { makeDelivery } from "../helpers/delivery.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), "utf8");
const JSON_TYPE = { "content-type": "application/json" };
const DISTRIBUTION = { "content-type": "application/vnd.docker.distribution.events.v2+json" };
/** More than the console's first page (200). */
const MANY = 205;

describe.skipIf(!CHROMIUM)("list rows and counts in the console", () => {
  let ui: UiHarness;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ui = await startUi();
    ids.blob = await ui.post("/hooks/lr-kind", fixture("distribution/push.blob.json"), DISTRIBUTION);
    ids.manifest = await ui.post("/hooks/lr-kind", fixture("distribution/push.manifest.json"), DISTRIBUTION);
    ids.quay = await ui.post("/hooks/lr-kind/quay/repo_push", QUAY_PUSH(["v1"]));
    ids.acr = await ui.post("/hooks/lr-reg", fixture("acr/push.by-digest.json"), JSON_TYPE);
    const { store } = ui.server.running.core;
    for (let i = 0; i < MANY; i++) await store.add(makeDelivery({ id: `lr-many-${i}`, endpoint: "lr-many" }));
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("shows the full local date and the ISO UTC time when hovering a time cell", async () => {
    const page = await ui.page("/?endpoint=lr-kind");
    const cell = page.locator(`[data-id="${ids.quay}"] .c-time`);
    await cell.waitFor();
    const title = (await cell.getAttribute("title")) as string;
    const iso = title.split("\n")[1] as string;
    expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(UTC\)$/);
    const year = String(new Date(iso.replace(" (UTC)", "")).getFullYear());
    expect(title.split("\n")[0]).toContain(year);
  });

  it("names the registry in full when hovering its cell, which is too narrow for some names", async () => {
    const page = await ui.page("/?endpoint=lr-reg");
    const label = page.locator(`[data-id="${ids.acr}"] .c-registry .reg`);
    await label.waitFor();
    expect(await label.textContent()).toBe("Azure Container Registry");
    expect(await label.getAttribute("title")).toBe("Azure Container Registry: named by the body");
  });

  it("says whether a distribution push is a blob or a manifest", async () => {
    const page = await ui.page("/?endpoint=lr-kind");
    await page.locator(`[data-id="${ids.quay}"]`).waitFor();
    expect(await page.locator(`[data-id="${ids.blob}"] [data-testid="row-kind"]`).textContent()).toBe("blob");
    expect(await page.locator(`[data-id="${ids.manifest}"] [data-testid="row-kind"]`).textContent()).toBe(
      "manifest",
    );
    expect(await page.locator(`[data-id="${ids.quay}"] [data-testid="row-kind"]`).count()).toBe(0);
  });

  it("counts the rows loaded of all that match, and follows live arrivals", async () => {
    const page = await ui.page("/?endpoint=lr-many");
    const count = page.getByTestId("list-count");
    await expect.poll(() => count.textContent()).toBe(`200 of ${MANY}`);
    await ui.post("/hooks/lr-many", "{}");
    await expect.poll(() => count.textContent()).toBe(`201 of ${MANY + 1}`);
    await page.goto(`${ui.server.console}/?endpoint=lr-kind`);
    await expect.poll(() => count.textContent()).toBe("3 of 3");
  });
});
