// The console at scale and across restarts: first paint with 100,000 stored deliveries
// (the page's own Performance timeline: first contentful paint and the first rows painted, both
// under 1 s from navigation start), and the
// list resyncing after the server restarts so nothing is missed.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Health } from "../../server/contract/index.ts";
import { fillStore, sampleBody } from "../bench/fill.ts";
import { CHROMIUM, launchBrowser } from "../helpers/browser.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { QUAY_PUSH } from "../helpers/ui.ts";

const STORED = Number(process.env.QUAYSIDE_E2E_STORED ?? 100_000);
/** The console's page size (web/state/deliveries.ts PAGE_SIZE). */
const PAGE_SIZE = 200;
/** Pages past the first the scroll check must reach. */
const DEEP_PAGES = 5;
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

describe.skipIf(!CHROMIUM)("console at scale", () => {
  it(`paints quickly with ${STORED} deliveries stored and loads page after page when scrolled to the bottom`, async () => {
    const data = await mkdtemp(join(tmpdir(), "quayside-scale-"));
    cleanup.push(() => rm(data, { recursive: true, force: true }));
    await fillStore(data, STORED, sampleBody());
    const server = await startTestServer({ data, retention: STORED + 10 });
    cleanup.push(() => server.close());
    const browser = await launchBrowser();
    cleanup.push(() => browser.close());
    // the server has just loaded 100,000 summaries: one request to each of the page's routes first,
    // so what is measured is the console's first paint, not the server's first-ever request (JIT)
    for (const path of ["/", "/api/deliveries?limit=200", "/api/endpoints", "/api/health"])
      await (await fetch(`${server.console}${path}`)).arrayBuffer();
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    // the page marks on its own timeline (from navigation start) when the first page of rows is in
    // the DOM: a screenful of rows, or the list's count saying how many are loaded
    await page.addInitScript(() => {
      const seen = new MutationObserver(() => {
        if (document.querySelectorAll('[data-testid="delivery-row"]').length < 10) return;
        seen.disconnect();
        requestAnimationFrame(() => performance.mark("first-rows-painted"));
      });
      seen.observe(document, { childList: true, subtree: true });
    });
    await page.goto(server.console);
    await page.getByTestId("delivery-row").first().waitFor();
    const timing = await page.evaluate(async () => {
      while (performance.getEntriesByName("first-rows-painted").length === 0)
        await new Promise((r) => requestAnimationFrame(r));
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return {
        firstPaintMs: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
        firstRowsMs: performance.getEntriesByName("first-rows-painted")[0]?.startTime as number,
        responseEndMs: nav.responseEnd,
      };
    });
    console.log(
      `console with ${STORED} stored: document by ${timing.responseEndMs.toFixed(0)} ms, first contentful paint ${timing.firstPaintMs?.toFixed(0)} ms, first rows painted ${timing.firstRowsMs.toFixed(0)} ms`,
    );
    expect(timing.firstPaintMs).not.toBeNull();
    expect(timing.firstPaintMs as number).toBeLessThan(1000);
    expect(timing.firstRowsMs).toBeLessThan(1000);
    const rowsInDom = await page.getByTestId("delivery-row").count();
    expect(rowsInDom).toBeLessThan(100); // virtualized: only what is visible (plus overscan)

    // all of them are there: the API's count and the endpoints' counts in the UI
    const health = (await (await fetch(`${server.console}/api/health`)).json()) as Health;
    expect(health.deliveries).toBe(STORED);
    const counted = () =>
      page
        .getByTestId("endpoint")
        .locator(".count")
        .evaluateAll((els) => els.reduce((sum, e) => sum + Number(e.textContent), 0));
    await expect.poll(counted).toBe(STORED);

    // scrolling to the bottom loads page after page: rows from deep in the list render, in order
    const rows = page.getByTestId("delivery-row");
    const index = (id: string | null) => Number(id?.replace(/^fill/, ""));
    const list = page.getByTestId("delivery-list");
    const deep = STORED - 1 - DEEP_PAGES * PAGE_SIZE;
    await expect
      .poll(
        async () => {
          await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
          return index(await rows.last().getAttribute("data-id"));
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBeLessThan(deep);
    const shown = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-id")))).map(index);
    expect(shown.length).toBeGreaterThan(5);
    const sorted = [...shown].sort((a, b) => b - a);
    // newest first with no gap: every delivery between the first and the last rendered row is there
    expect(sorted).toEqual(Array.from({ length: shown.length }, (_, i) => (sorted[0] as number) - i));
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
