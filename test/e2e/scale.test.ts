// The console at scale and across restarts: first paint with 100,000 stored deliveries
// (measured with the Performance API, reported; only a generous bound is asserted), and the
// list resyncing after the server restarts so nothing is missed.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fillStore, sampleBody } from "../bench/fill.ts";
import { CHROMIUM, launchBrowser } from "../helpers/browser.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { QUAY_PUSH } from "../helpers/ui.ts";

const STORED = Number(process.env.QUAYSIDE_E2E_STORED ?? 100_000);
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

describe.skipIf(!CHROMIUM)("console at scale", () => {
  it(`paints quickly with ${STORED} deliveries stored and renders rows when scrolled to the bottom`, async () => {
    const data = await mkdtemp(join(tmpdir(), "quayside-scale-"));
    cleanup.push(() => rm(data, { recursive: true, force: true }));
    await fillStore(data, STORED, sampleBody());
    const server = await startTestServer({ data, retention: STORED + 10 });
    cleanup.push(() => server.close());
    const browser = await launchBrowser();
    cleanup.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(server.console);
    await page.getByTestId("delivery-row").first().waitFor();
    const timing = await page.evaluate(() => {
      const paint = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null;
      return { firstPaintMs: paint, firstRowMs: performance.now() };
    });
    console.log(
      `console with ${STORED} stored: first contentful paint ${timing.firstPaintMs?.toFixed(0)} ms, first row by ${timing.firstRowMs.toFixed(0)} ms`,
    );
    expect(timing.firstPaintMs).not.toBeNull();
    expect(timing.firstPaintMs as number).toBeLessThan(5000);
    const rowsInDom = await page.getByTestId("delivery-row").count();
    expect(rowsInDom).toBeLessThan(100); // virtualized: only what is visible (plus overscan)

    // scroll to the bottom a few times: more pages load and rows render there
    const list = page.getByTestId("delivery-list");
    for (let i = 0; i < 3; i++) {
      await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.waitForTimeout(300);
    }
    const lastSeq = await page.getByTestId("delivery-row").last().getAttribute("data-id");
    expect(lastSeq).toBeTruthy();
    const visible = await page.getByTestId("delivery-row").count();
    expect(visible).toBeGreaterThan(5);
  }, 240_000);

  it("resyncs the list after the server restarts, missing nothing", async () => {
    let server: TestServer = await startTestServer();
    const browser = await launchBrowser();
    cleanup.push(() => browser.close());
    const ports = {
      httpsPort: Number(new URL(server.https).port),
      httpPort: Number(new URL(server.http).port),
      consolePort: Number(new URL(server.console).port),
    };
    const data = server.dataDir;
    const ca = (await import("node:fs")).readFileSync(join(server.certsDir, "ca.pem"), "utf8");
    const post = async (tag: string) =>
      JSON.parse(
        (await send(`${server.https}/hooks/restart/quay/repo_push`, { body: QUAY_PUSH([tag]), ca })).body,
      ).delivery as string;

    const page = await browser.newPage();
    await page.goto(server.console);
    await page.locator('[data-testid="connection"]', { hasText: "live" }).waitFor();
    const before = await post("before");
    await page.locator(`[data-id="${before}"]`).waitFor();

    await server.close();
    await page.locator('[data-testid="connection"]', { hasText: "reconnecting" }).waitFor();
    server = await startTestServer({ ...ports, data });
    cleanup.push(() => server.dispose());
    // sent while the page is still disconnected: only a resync can show it
    const during = await post("during-restart");
    await page.locator('[data-testid="connection"]', { hasText: "live" }).waitFor({ timeout: 15_000 });
    await page.locator(`[data-id="${during}"]`).waitFor();
    const after = await post("after");
    await page.locator(`[data-id="${after}"]`).waitFor();
    expect(await page.locator(`[data-id="${before}"]`).count()).toBe(1);
  }, 60_000);
});
