// Workflows in a real Chromium: retries in the Attempts tab, replay with an edited body,
// comparing two deliveries, the TLS verdict.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSelfSigned } from "../../server/tls/pki.ts";
import { CHROMIUM } from "../helpers/browser.ts";
import { send } from "../helpers/clients.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

describe.skipIf(!CHROMIUM)("workflows in Chromium", () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("applies the 'fail first 3 with 503' preset and shows the second attempt with its interval", async () => {
    await ui.post("/hooks/qa/quay/repo_push", QUAY_PUSH(["seed"]));
    const page = await ui.page("/?endpoint=qa");
    await page.getByTestId("edit-rules").click();
    await page.getByRole("button", { name: "Fail first 3 with 503" }).click();
    await page.getByTestId("rules-save").click();
    await page.getByTestId("rules-message").filter({ hasText: "Saved" }).waitFor();
    await page.keyboard.press("Escape");

    const body = QUAY_PUSH(["v2"]);
    const first = await send(`${ui.server.https}/hooks/qa/quay/repo_push`, { body, ca: ui.ca });
    expect(first.status).toBe(503);
    await new Promise((r) => setTimeout(r, 250));
    const second = await send(`${ui.server.https}/hooks/qa/quay/repo_push`, { body, ca: ui.ca });
    expect(second.status).toBe(503);
    const id = String(second.headers["x-quayside-delivery"]);
    await page.locator(`[data-id="${id}"]`).click();
    await page.getByTestId("tab-attempts").click();
    await expect.poll(() => page.getByTestId("attempt").count()).toBe(2);
    const interval = await page.getByTestId("interval").textContent();
    expect(interval).toMatch(/\+\d+ ms after attempt 1/);
    expect(Number(interval?.match(/\+(\d+) ms/)?.[1])).toBeGreaterThanOrEqual(250);
  });

  it("replays an edited body to self and shows the new linked row", async () => {
    const id = await ui.post("/hooks/rp/quay/repo_push", QUAY_PUSH(["before"]));
    const page = await ui.page("/?endpoint=rp");
    await page.locator(`[data-id="${id}"]`).click();
    await page.keyboard.press("r");
    const dialog = page.getByTestId("replay-dialog");
    await dialog.waitFor();
    // headed by what is replayed, not by its id
    expect(await dialog.locator("h2").textContent()).toBe("Replay Quay repo_push ns/app:before");
    await page
      .getByTestId("replay-body")
      .locator(".cm-content")
      .fill(QUAY_PUSH(["after-edit"]));
    await page.getByTestId("replay-send").click();
    expect(await page.getByTestId("replay-result").textContent()).toMatch(/Answered 200/);
    await page.keyboard.press("Escape");
    const rows = page.getByTestId("delivery-row");
    await expect.poll(() => rows.count()).toBe(2);
    const newest = rows.first();
    expect(await newest.textContent()).toContain("↻");
    await newest.click();
    await page.getByTestId("json-view").waitFor();
    expect(await page.getByTestId("json-view").textContent()).toContain("after-edit");
  });

  it("compares two picked rows and marks the changed fields", async () => {
    const a = await ui.post("/hooks/cmp/quay/repo_push", QUAY_PUSH(["one"]));
    const b = await ui.post("/hooks/cmp/quay/repo_push", QUAY_PUSH(["two"], "ns/other"));
    const page = await ui.page("/?endpoint=cmp");
    await page.locator(`[data-id="${a}"] .pick`).click();
    await page.locator(`[data-id="${b}"] .pick`).click();
    await page.getByTestId("compare").click();
    await page.getByTestId("diff-dialog").waitFor();
    // the dialog opens before the diff arrives: wait for its rows, not just the frame
    await page.getByTestId("diff-change").first().waitFor();
    const changed = await page
      .getByTestId("diff-change")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-pointer")));
    expect(changed).toContain("/repository");
    expect(changed.some((p) => p?.startsWith("/updated_tags"))).toBe(true);
    expect(changed).not.toContain("/name");
  });

  it("shows the client-certificate verdict and reason in the TLS tab", async () => {
    const { readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const res = await send(`${ui.server.https}/hooks/tls`, {
      body: "{}",
      ca: ui.ca,
      cert: await readFile(join(ui.server.certsDir, "client.pem"), "utf8"),
      key: await readFile(join(ui.server.certsDir, "client-key.pem"), "utf8"),
    });
    const id = JSON.parse(res.body).delivery;
    const page = await ui.page("/?endpoint=tls");
    await page.locator(`[data-id="${id}"]`).click();
    await page.getByTestId("tab-tls").click();
    expect(await page.getByTestId("tls-verdict").textContent()).toBe("trusted");
    expect(await page.getByTestId("tls-tab").textContent()).toContain("CN=");

    // Quay's case: a certificate the receiver cannot trust, explained in words
    const quayLike = await createSelfSigned({ commonName: "quay.example.test", kind: "server-only-eku" });
    const bad = await send(`${ui.server.https}/hooks/tls`, {
      body: "{}",
      ca: ui.ca,
      cert: quayLike.cert,
      key: quayLike.key,
    });
    const badId = JSON.parse(bad.body).delivery;
    await page.locator(`[data-id="${badId}"]`).click();
    await page.getByTestId("tab-tls").click();
    await expect.poll(() => page.getByTestId("tls-verdict").textContent()).toBe("untrusted");
    expect(await page.getByTestId("tls-reason").textContent()).toMatch(/self-signed/);
    expect(await page.getByRole("button", { name: "pin this certificate" }).count()).toBe(1);
  });
});
