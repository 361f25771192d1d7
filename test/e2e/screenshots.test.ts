// The console as README shows it: real deliveries from several registries, a failing retry chain
// and an invalid body, at 1440 and 1024 px, light and dark. Each width is checked before it is
// photographed: the detail header stays inside its pane and the list keeps status, event and
// validity in view. QUAYSIDE_SCREENSHOTS=1 writes the pictures into test/e2e/screenshots/ for
// README; otherwise they go to a temporary folder.
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { startUi, type UiHarness } from "../helpers/ui.ts";
import { FIXTURES, wireHeaders } from "../helpers/wire.ts";

const SHOTS = process.env.QUAYSIDE_SCREENSHOTS
  ? fileURLToPath(new URL("./screenshots/", import.meta.url))
  : join(tmpdir(), "quayside-screenshots/");

/** Fixtures posted as their registries send them, on an endpoint per registry. */
const SEED: [registry: string, file: string][] = [
  ["quay", "repo_push.json"],
  ["harbor", "PUSH_ARTIFACT.json"],
  ["distribution", "push.manifest.json"],
  ["github", "package_published.json"],
  ["gar", "INSERT.tag.json"],
  ["zot", "image_updated.json"],
  ["dockerhub", "push.json"],
];

type Box = { x: number; y: number; width: number; height: number };
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5;

describe.skipIf(!CHROMIUM)("README screenshots", () => {
  let ui: UiHarness;
  let opened = "";
  beforeAll(async () => {
    ui = await startUi();
    for (const [registry, file] of SEED) {
      const path = join(FIXTURES, registry, file);
      const headers = Object.fromEntries(wireHeaders(registry, file));
      await ui.post(`/hooks/${registry}`, readFileSync(path, "utf8"), {
        "content-type": "application/json",
        ...headers,
      });
    }
    // a retry chain that fails twice, then gets through, and a body that breaks the schema
    for (const status of [503, 503, 200]) {
      opened = await ui.post(
        `/hooks/quay/quay/repo_push?status=${status}`,
        readFileSync(join(FIXTURES, "quay", "repo_push.json"), "utf8"),
      );
    }
    await ui.post("/hooks/quay/quay/repo_push", JSON.stringify({ repository: 42, updated_tags: "latest" }));
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await ui?.close();
  });

  async function check(page: Page) {
    // the request line as the sender wrote it: the query keeps its one "?"
    expect(await page.locator('[data-testid="detail-head"] .detail-req code').first().textContent()).toBe(
      "POST /hooks/quay/quay/repo_push?status=200",
    );
    const pane = await page.getByTestId("detail").boundingBox();
    expect(pane).not.toBeNull();
    for (const child of await page.locator('[data-testid="detail"] .detail-head > *').all()) {
      const b = await child.boundingBox();
      if (b && pane) expect(inside(b, pane)).toBe(true);
    }
    const row = page.locator(`[data-testid="delivery-row"][data-id="${opened}"]`);
    for (const cell of ["status", "event", "valid"]) {
      await expect.poll(() => row.locator(`.c-${cell}`).isVisible()).toBe(true);
    }
  }

  it.each([
    [1440, false],
    [1440, true],
    [1024, false],
    [1024, true],
  ])("at %i px (dark: %s) keeps the detail header and the key columns in view", async (width, dark) => {
    const page = await ui.page(`/?id=${opened}`, { dark });
    await page.setViewportSize({ width, height: 760 });
    await page.getByTestId("detail").waitFor();
    await page.getByTestId("delivery-row").nth(SEED.length).waitFor();
    await check(page);
    await page.screenshot({ path: `${SHOTS}console-${width}${dark ? "-dark" : ""}.png` });
  });
});
