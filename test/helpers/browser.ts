// Finds a system Chromium/Chrome for the e2e tests. Without one the e2e suites fail under CI
// and are skipped loudly elsewhere.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

export function findChromium(): string | null {
  return CANDIDATES.find((p): p is string => !!p && existsSync(p)) ?? null;
}

export const CHROMIUM = findChromium();
if (!CHROMIUM) {
  const message =
    "No Chromium/Chrome found (set CHROMIUM_PATH or install Debian's `chromium`): browser tests are SKIPPED.";
  if (process.env.CI) throw new Error(`${message} Under CI this is a failure.`);
  console.warn(`\n!!! ${message}\n`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM ?? undefined,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}
