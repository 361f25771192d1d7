// In a real Chromium: an endpoint's body validation set to "off" from the rules & policy editor
// makes an invalid Quay body show as "not validated", and the Certificates page says in words
// why a sender's TLS handshake failed.
import { connect } from "node:tls";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

const row = (page: Page, id: string) => page.locator(`[data-testid="delivery-row"][data-id="${id}"]`);

/** A TLS client without Quayside's CA: it gives up mid-handshake. Resolves with its local port. */
function refuseQuaysideCert(httpsUrl: string): Promise<number> {
  const socket = connect({
    host: "127.0.0.1",
    port: Number(new URL(httpsUrl).port),
    servername: "localhost",
  });
  let port = 0;
  socket.once("connect", () => {
    port = socket.localPort as number;
  });
  return new Promise((resolve) => socket.once("error", () => resolve(port)));
}

describe.skipIf(!CHROMIUM)("validation setting and failed handshakes in the console", () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('sets validation to off in the editor; an invalid Quay body then shows "not validated"', async () => {
    const seed = await ui.post("/hooks/val-ui/quay/repo_push", QUAY_PUSH(["seed"]));
    const page = await ui.page("/?endpoint=val-ui");
    await row(page, seed).waitFor();
    await page.getByTestId("edit-rules").click();
    expect(await page.getByTestId("validation-mode").inputValue()).toBe("lenient");
    await page.getByTestId("validation-mode").selectOption("off");
    await page.getByTestId("rules-save").click();
    await page.getByTestId("rules-message").filter({ hasText: "Saved" }).waitFor();
    await page.keyboard.press("Escape");

    const id = await ui.post("/hooks/val-ui/quay/repo_push", '{"custom":"template","updated_tags":7}');
    const badge = row(page, id).locator(".c-valid .badge");
    await expect.poll(() => badge.textContent()).toBe("not validated");
    await row(page, id).click();
    await page.getByTestId("tab-body").click();
    await page.locator(".badge-not-validated", { hasText: "not validated (endpoint setting)" }).waitFor();
  });

  it("lists a failed handshake on the Certificates page with its reason in words", async () => {
    const page = await ui.page("/#/certs");
    await page.getByTestId("certs-page").waitFor();
    const port = await refuseQuaysideCert(ui.server.https);
    const item = page.getByTestId("tls-error").filter({ hasText: `127.0.0.1:${port}` });
    await item.waitFor();
    expect(await item.textContent()).toContain(
      "the sender closed the connection during the handshake: most often it does not trust Quayside's certificate; give it certs/ca.pem",
    );
  });
});
