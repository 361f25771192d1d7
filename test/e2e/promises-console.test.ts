// README promises kept by the console in a real Chromium: token mode (nothing without the token,
// live rows with it; the same over plain HTTP and WebSocket), and the Quay warning in the
// Attempts tab.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { connectLive, send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

const TOKEN = "console-token-5d1c";

describe.skipIf(!CHROMIUM)("console promises in Chromium", () => {
  let ui: UiHarness;
  let secured: TestServer;
  const pages: Page[] = [];
  beforeAll(async () => {
    ui = await startUi();
    secured = await startTestServer({ token: TOKEN });
  });
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {});
    await secured?.dispose();
    await ui?.close();
  });

  async function open(url: string): Promise<{ page: Page; sockets: string[] }> {
    const page = await ui.browser.newPage();
    pages.push(page);
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));
    await page.goto(url);
    return { page, sockets };
  }

  it("with --token, shows only that the console needs its token and opens no live socket", async () => {
    const { page, sockets } = await open(secured.console);
    await page.getByText("this console needs its token").waitFor();
    await page.waitForLoadState("networkidle");
    expect(sockets).toEqual([]);
    expect(await page.getByTestId("delivery-list").count()).toBe(0);
    // a socket opened from the page itself (no token cookie) is refused, never open
    const outcome = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve("open");
          ws.onclose = () => resolve("closed");
        }),
      `${secured.console.replace(/^http/, "ws")}/api/live`,
    );
    expect(outcome).toBe("closed");
  });

  it("with /?token=…, goes live and adds rows as deliveries arrive", async () => {
    const { page, sockets } = await open(`${secured.console}/?token=${TOKEN}`);
    await page.locator('[data-testid="connection"]', { hasText: "live" }).waitFor();
    expect(sockets.length).toBeGreaterThan(0);
    const res = await send(`${secured.https}/hooks/tokened/quay/repo_push`, {
      body: QUAY_PUSH(["tok"]),
      ca: secured.ca,
    });
    const id = JSON.parse(res.body).delivery as string;
    await page.locator(`[data-testid="delivery-row"][data-id="${id}"]`).waitFor();
    // a reload keeps working on the cookie the token left
    await page.goto(secured.console);
    await page.locator(`[data-testid="delivery-row"][data-id="${id}"]`).waitFor();
  });

  it("with --token, answers the API and the live socket only with the token", async () => {
    const without = await fetch(`${secured.console}/api/deliveries`);
    expect(without.status).toBe(401);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    const wrong = await fetch(`${secured.console}/api/deliveries`, {
      headers: { authorization: "Bearer not-the-token" },
    });
    expect(wrong.status).toBe(401);
    const withToken = await fetch(`${secured.console}/api/deliveries`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(withToken.status).toBe(200);
    await expect(connectLive(secured.console)).rejects.toThrow("upgrade refused: 401");
    const live = await connectLive(secured.console, { authorization: `Bearer ${TOKEN}` });
    try {
      await live.waitFor((m) => m.type === "hello");
    } finally {
      live.close();
    }
  });

  it("shows Quay's warning about disabling the notification in the Attempts tab", async () => {
    const put = await fetch(`${ui.server.console}/api/endpoints/failing`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules: [{ respond: { status: 503 } }] }),
    });
    expect(put.status).toBe(200);
    const body = QUAY_PUSH(["retry-me"]);
    let last = "";
    for (let i = 0; i < 3; i++) {
      const res = await send(`${ui.server.https}/hooks/failing/quay/repo_push`, { body, ca: ui.ca });
      expect(res.status).toBe(503);
      last = String(res.headers["x-quayside-delivery"]);
    }
    const page = await ui.page("/?endpoint=failing");
    await page.locator(`[data-id="${last}"]`).click();
    await page.getByTestId("tab-attempts").click();
    await expect.poll(() => page.getByTestId("attempt").count()).toBe(3);
    const warning = page
      .getByTestId("attempts-tab")
      .getByText("Quay disables this notification after 3 consecutive failures");
    await warning.waitFor({ timeout: 10_000 });
    expect(await warning.isVisible()).toBe(true);
  });
});
