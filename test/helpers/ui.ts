// Shared set-up for browser tests: one server + one Chromium per file, a page per test.
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "./browser.ts";
import { send } from "./clients.ts";
import { startTestServer, type TestServer } from "./server.ts";

export interface UiHarness {
  server: TestServer;
  browser: Browser;
  ca: string;
  page(path?: string, opts?: { dark?: boolean }): Promise<Page>;
  post(path: string, body: string, headers?: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

export async function startUi(): Promise<UiHarness> {
  const server = await startTestServer();
  const browser = await launchBrowser();
  const ca = server.ca;
  const pages: Page[] = [];
  return {
    server,
    browser,
    ca,
    async page(path = "/", opts = {}) {
      const page = await browser.newPage({
        viewport: { width: 1280, height: 720 },
        colorScheme: opts.dark ? "dark" : "light",
      });
      pages.push(page);
      await page.goto(`${server.console}${path}`);
      await page.locator('[data-testid="connection"]', { hasText: "live" }).waitFor();
      return page;
    },
    async post(path, body, headers = {}) {
      const res = await send(`${server.https}${path}`, { body, ca, headers });
      return JSON.parse(res.body).delivery as string;
    },
    async close() {
      for (const p of pages) await p.close().catch(() => {});
      await browser.close();
      await server.dispose();
    },
  };
}

export const QUAY_PUSH = (tags: unknown = ["latest"], repo = "ns/app") =>
  JSON.stringify({
    name: "repository",
    repository: repo,
    namespace: repo.split("/")[0],
    docker_url: `quay.example.com/${repo}`,
    homepage: `https://quay.example.com/repository/${repo}`,
    updated_tags: tags,
  });
