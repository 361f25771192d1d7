// The endpoint pane and the Certificates page in a real Chromium: an endpoint created before its
// first delivery with its URLs to paste, forwarding with the server's refusals in words, the
// client-certificate policy set from the Certificates page, failed handshakes in words on the
// endpoint, and one certificate-details component on the TLS tab and the Certificates page.
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { connect } from "node:tls";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EndpointView } from "../../server/contract/index.ts";
import { CHROMIUM } from "../helpers/browser.ts";
import { putEndpoint, send } from "../helpers/clients.ts";
import { startUi, type UiHarness } from "../helpers/ui.ts";

/** A client that refuses Quayside's certificate (it trusts no CA): one failed handshake. */
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

describe.skipIf(!CHROMIUM)("endpoints and certificates in Chromium", () => {
  let ui: UiHarness;
  let sink: Server;
  let sinkUrl = "";
  beforeAll(async () => {
    ui = await startUi();
    sink = createServer((req, res) => req.resume().on("end", () => res.writeHead(204).end()));
    await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
    sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    sink?.close();
    await ui?.close();
  });

  const endpointView = async (name: string) =>
    (await (await fetch(`${ui.server.console}/api/endpoints/${name}`)).json()) as EndpointView;
  const block = (page: Page, name: string) => page.locator(`.ep-block[data-id="${name}"]`);
  async function create(name: string, settings: object = {}) {
    expect((await putEndpoint(ui.server.console, name, settings)).status).toBe(200);
  }

  it("creates an endpoint before its first delivery, explains a bad name, and shows its URLs to copy", async () => {
    const page = await ui.page("/");
    await page
      .context()
      .grantPermissions(["clipboard-read", "clipboard-write"], { origin: ui.server.console });
    await page.getByTestId("new-endpoint-open-dialog").click();
    await page.getByTestId("new-endpoint-name").fill("has space");
    await page.getByTestId("new-endpoint-create").click();
    expect(await page.getByTestId("new-endpoint-error").textContent()).toContain(
      "letters, digits, dot, underscore and dash",
    );
    await page.getByTestId("new-endpoint-name").fill("made-early");
    await page.getByTestId("new-endpoint-registry").selectOption("harbor");
    await page.getByTestId("new-endpoint-create").click();
    const created = page.getByTestId("new-endpoint-created");
    const urls = created.getByTestId("endpoint-url");
    await expect.poll(() => urls.count()).toBeGreaterThanOrEqual(2);
    const texts = await created.locator("code.url").allTextContents();
    expect(texts).toContain(`${ui.server.https}/hooks/made-early`);
    expect(texts).toContain(`${ui.server.http}/hooks/made-early`);
    const https = urls.filter({ hasText: `${ui.server.https}/hooks/made-early` });
    await https.getByTestId("copy-url").click();
    await https.getByTestId("copy-url").filter({ hasText: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      `${ui.server.https}/hooks/made-early`,
    );

    await page.getByTestId("new-endpoint-open").click();
    await block(page, "made-early").getByTestId("endpoint-details").waitFor();
    expect(await block(page, "made-early").locator(".count").textContent()).toBe("0");
    expect((await endpointView("made-early")).registry).toBe("harbor");

    // the same name again is refused before anything is sent
    await page.getByTestId("new-endpoint-open-dialog").click();
    await page.getByTestId("new-endpoint-name").fill("made-early");
    await page.getByTestId("new-endpoint-create").click();
    expect(await page.getByTestId("new-endpoint-error").textContent()).toBe(
      "There is already an endpoint made-early.",
    );
  });

  it("sets proxy forwarding with the client certificate, showing the address guard's refusal in words", async () => {
    await create("fw-ui");
    const page = await ui.page("/?endpoint=fw-ui");
    await block(page, "fw-ui").getByTestId("edit-forward").click();
    await page.getByTestId("forward-mode").selectOption("proxy");
    await page.getByTestId("forward-url").fill("http://169.254.169.254/latest/meta-data");
    await page.getByTestId("forward-save").click();
    expect(await page.getByTestId("forward-error").textContent()).toMatch(/Quayside never sends there/);
    expect((await endpointView("fw-ui")).forward).toBeUndefined();

    await page.getByTestId("forward-url").fill(sinkUrl);
    await page.getByTestId("forward-client-cert").check();
    await page.getByTestId("forward-save").click();
    await page.getByTestId("forward-editor").waitFor({ state: "detached" });
    const summary = block(page, "fw-ui").getByTestId("endpoint-summary");
    await expect
      .poll(() => summary.textContent())
      .toContain(`proxied to ${sinkUrl} with Quayside's client certificate`);
    expect((await endpointView("fw-ui")).forward).toEqual({ url: sinkUrl, mode: "proxy", clientCert: true });

    // and off again
    await block(page, "fw-ui").getByTestId("edit-forward").click();
    expect(await page.getByTestId("forward-client-cert").isChecked()).toBe(true);
    await page.getByTestId("forward-mode").selectOption("off");
    await page.getByTestId("forward-save").click();
    await expect.poll(async () => (await endpointView("fw-ui")).forward).toBeUndefined();
  });

  it("sets an endpoint's client-certificate policy from the Certificates page", async () => {
    await create("cert-pol", { clientCert: { mode: "report", pins: [] } });
    const page = await ui.page("/#/certs");
    const row = page.locator('[data-testid="cert-policy"][data-id="cert-pol"]');
    expect(await row.getByTestId("cert-policy-mode").inputValue()).toBe("report");
    await row.getByTestId("cert-policy-mode").selectOption("require");
    await row.getByTestId("cert-policy-message").filter({ hasText: "saved" }).waitFor();
    expect((await endpointView("cert-pol")).clientCert.mode).toBe("require");
    // the receiver now refuses a delivery without a certificate
    const res = await send(`${ui.server.https}/hooks/cert-pol`, { body: "{}", ca: ui.ca });
    expect(res.status).toBe(401);
  });

  it("shows recent failed TLS handshakes in words on the endpoint", async () => {
    await create("tls-ep");
    const page = await ui.page("/?endpoint=tls-ep");
    const details = block(page, "tls-ep").getByTestId("endpoint-tls");
    await details.locator("summary").click();
    const port = await refuseQuaysideCert(ui.server.https);
    const item = details.getByTestId("tls-error").filter({ hasText: `127.0.0.1:${port}` });
    await item.waitFor();
    expect(await item.textContent()).toContain(
      "most often it does not trust Quayside's certificate; give it certs/ca.pem",
    );
  });

  it("shows a certificate's details with one component on the TLS tab and the Certificates page", async () => {
    const res = await send(`${ui.server.https}/hooks/cert-facts`, {
      body: "{}",
      ca: ui.ca,
      cert: await readFile(join(ui.server.certsDir, "client.pem"), "utf8"),
      key: await readFile(join(ui.server.certsDir, "client-key.pem"), "utf8"),
    });
    const id = JSON.parse(res.body).delivery as string;
    const certs = (await (await fetch(`${ui.server.console}/api/certs`)).json()) as {
      client: { fingerprint256: string; subject: string };
    };
    const page = await ui.page(`/?endpoint=cert-facts`);
    await page.locator(`[data-testid="delivery-row"][data-id="${id}"]`).click();
    await page.getByTestId("tab-tls").click();
    const tab = page.getByTestId("tls-tab");
    expect(await tab.getByTestId("cert-fingerprint").locator("code").textContent()).toBe(
      certs.client.fingerprint256,
    );
    expect(await tab.getByTestId("copy-fp").count()).toBe(1);

    const certsPage = await ui.page("/#/certs");
    const client = certsPage.getByTestId("cert-client");
    expect(await client.getByTestId("cert-fingerprint").locator("code").textContent()).toBe(
      certs.client.fingerprint256,
    );
    expect(await client.getByTestId("copy-fp").count()).toBe(1);
    expect(await client.getByTestId("cert-subject").textContent()).toBe(certs.client.subject);
  });
});
