// Browser-test helpers for where things are on the page: boxes, rows by id, a page at a width,
// and the newest delivery of an endpoint (for requests whose answer never comes).
import type { Page } from "playwright-core";
import type { UiHarness } from "./ui.ts";

export type Box = { x: number; y: number; width: number; height: number };

/** Whether `inner` lies within `outer` (half a pixel of rounding allowed). */
export const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

/** The list row of one delivery. */
export const row = (page: Page, id: string) => page.locator(`[data-testid="delivery-row"][data-id="${id}"]`);

/** The box of `selector`, which must be visible. */
export async function box(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  return b;
}

/** A console page at `path`, `width` pixels wide. */
export async function pageAt(ui: UiHarness, width: number, path: string): Promise<Page> {
  const page = await ui.page(path);
  await page.setViewportSize({ width, height: 720 });
  return page;
}

/** The id of the newest delivery of an endpoint. */
export async function newestOf(ui: UiHarness, endpoint: string): Promise<string> {
  const res = await fetch(`${ui.server.console}/api/deliveries?endpoint=${endpoint}`);
  const page = (await res.json()) as { items: { id: string }[] };
  const id = page.items[0]?.id;
  if (!id) throw new Error(`no delivery on ${endpoint}`);
  return id;
}
