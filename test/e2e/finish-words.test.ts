// The console's finish in a real Chromium, its words: plain words instead of internal names, body
// views for what is not JSON, the compare dialog's order, catalog feedback where the user is,
// endpoint URLs with copy, whole words and readable contrast.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { send } from "../helpers/clients.ts";
import { inside, newestOf as layoutNewestOf, pageAt as layoutPageAt, row } from "../helpers/layout.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

describe.skipIf(!CHROMIUM)("console finish in Chromium: words", () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  const pageAt = (width: number, path: string) => layoutPageAt(ui, width, path);
  const newestOf = (endpoint: string) => layoutNewestOf(ui, endpoint);

  async function openDetail(path: string, id: string): Promise<Page> {
    const page = await pageAt(1440, path);
    await row(page, id).click();
    await page.getByTestId("detail-what").waitFor();
    return page;
  }

  it("speaks plain words: no certificate, web-page refusals, detection and chain outcome", async () => {
    const id = await ui.post("/hooks/words/quay/repo_push", QUAY_PUSH(["w1"]));
    const page = await openDetail("/?endpoint=words", id);
    const summary = await page.locator(".tab-body .summary").textContent();
    expect(summary).toContain("set by the endpoint URL");
    expect(summary).not.toMatch(/detection|pinned/);
    await page.getByTestId("tab-tls").click();
    expect(await page.getByTestId("tls-reason").textContent()).toContain(
      "no client certificate was presented",
    );
    expect(await page.getByTestId("tls-tab").textContent()).not.toContain("UNABLE_TO_GET_ISSUER_CERT");
    await page.getByTestId("tab-attempts").click();
    expect(await page.getByTestId("chain-outcome").textContent()).toBe("delivered");
    expect(await page.getByTestId("attempts-tab").textContent()).not.toMatch(/\(s\)|outcome/);
    expect(await page.getByTestId("endpoints").textContent()).not.toContain("rule(s)");

    const web = await send(`${ui.server.https}/hooks/webpage`, {
      body: "{}",
      ca: ui.ca,
      headers: { origin: "https://site.example" },
    });
    expect(web.status).toBe(403);
    const refused = await openDetail("/?endpoint=webpage", await newestOf("webpage"));
    await refused.getByTestId("tab-response").click();
    expect(await refused.getByTestId("response-why").textContent()).toMatch(/^refused: sent by a web page/);
  });

  it("says a body over the limit was not kept, with its size", async () => {
    await send(`${ui.server.https}/hooks/toolarge`, { body: "x".repeat(1_100_000), ca: ui.ca }).catch(
      () => {},
    );
    const page = await openDetail("/?endpoint=toolarge", await newestOf("toolarge"));
    const fact = await page.getByTestId("body-fact").textContent();
    expect(fact).toContain("over Quayside's size limit");
    expect(fact).toContain("1,100,000 bytes");
    expect(fact).toContain("not kept");
    expect(await page.getByTestId("detail").textContent()).not.toMatch(/empty/);
  });

  it("gives text, form, XML, binary and empty bodies their own views, never as HTML", async () => {
    const post = (body: string | Buffer, type: string) =>
      send(`${ui.server.https}/hooks/kinds`, { body, ca: ui.ca, headers: { "content-type": type } }).then(
        (r) => JSON.parse(r.body).delivery as string,
      );
    const text = await post("plain words\nsecond line", "text/plain");
    const form = await post("a=1&b=hello+world&c=%3Cb%3Ebold%3C%2Fb%3E", "application/x-www-form-urlencoded");
    const xml = await post(
      '<a><b x="1">t</b><script>window.__xss=1</script><img src="x" onerror="window.__xss=2"/></a>',
      "application/xml",
    );
    const bin = await post(Buffer.from([0, 1, 2, 0xff, 0x41]), "application/octet-stream");
    const empty = await post("", "application/json");
    const page = await pageAt(1440, "/?endpoint=kinds");
    const open = async (id: string, kind: string) => {
      await row(page, id).click();
      const view = page.getByTestId(`body-${kind}`);
      await view.waitFor();
      return view;
    };

    expect(await (await open(text, "text")).textContent()).toContain("plain words");
    expect(await page.getByTestId("body-fact").textContent()).toBe("Not JSON: text (text/plain).");
    expect(await page.getByTestId("issues").count()).toBe(0);

    const formView = await open(form, "form");
    expect(await formView.locator("tr").allTextContents()).toEqual(["a1", "bhello world", "c<b>bold</b>"]);

    const xmlView = await open(xml, "xml");
    expect(await xmlView.locator("pre").textContent()).toContain('\n  <b x="1">t</b>');
    expect(await xmlView.locator("pre").textContent()).toContain("<script>window.__xss=1</script>");
    expect(await open(bin, "binary").then((v) => v.locator("pre").textContent())).toMatch(
      /^00000000 {2}00 01 02 ff 41 +\.\.\.\.A$/,
    );
    await row(page, empty).click();
    await page.getByTestId("body-fact").filter({ hasText: "The body is empty." }).waitFor();
    // nothing from a body became markup or ran
    expect(await page.getByTestId("detail").locator("script, img, b").count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  });

  it("lists every receiving URL of an endpoint with a copy button that confirms", async () => {
    await ui.post("/hooks/urls-ep", "{}");
    const page = await pageAt(1440, "/?endpoint=urls-ep");
    await page
      .context()
      .grantPermissions(["clipboard-read", "clipboard-write"], { origin: ui.server.console });
    const urls = page.getByTestId("endpoint-url");
    await urls.first().waitFor();
    const texts = await urls.locator("code").allTextContents();
    expect(texts).toContain(`${ui.server.https}/hooks/urls-ep`);
    expect(texts).toContain(`${ui.server.http}/hooks/urls-ep`);
    const httpItem = urls.filter({ hasText: `${ui.server.http}/hooks/urls-ep` });
    expect(await httpItem.textContent()).toContain("HTTP · localhost");
    await httpItem.getByTestId("copy-url").click();
    await httpItem.getByTestId("copy-url").filter({ hasText: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${ui.server.http}/hooks/urls-ep`);
  });

  it("compares two deliveries oldest on the left, headed by time and event, whatever the click order", async () => {
    const older = await ui.post("/hooks/order/quay/repo_push", QUAY_PUSH(["v"], "ns/one"));
    const newer = await ui.post("/hooks/order/quay/repo_push", QUAY_PUSH(["v"], "ns/two"));
    const page = await pageAt(1440, "/?endpoint=order");
    await row(page, newer).locator(".pick").click();
    await row(page, older).locator(".pick").click();
    await page.getByTestId("compare").click();
    const sides = page.getByTestId("diff-side");
    await expect.poll(() => sides.count()).toBeGreaterThanOrEqual(2);
    const [left, right] = await sides.allTextContents();
    expect(left).toMatch(/^older \d\d:\d\d:\d\d\.\d{3}Quay repo_push/);
    expect(left).toContain(older);
    expect(right).toContain(newer);
    const change = page.locator('[data-testid="diff-change"][data-pointer="/repository"]');
    expect(await change.locator(".before").textContent()).toBe('"ns/one"');
    expect(await change.locator(".after").textContent()).toBe('"ns/two"');
  });

  it("shows catalog feedback and the entry detail where the user clicked, far down the list", async () => {
    const page = await pageAt(1440, "/#/catalog");
    const last = page.getByTestId("catalog-entry").last();
    await last.waitFor();
    await last.scrollIntoViewIfNeeded();
    await last.getByRole("button", { name: "send sample" }).click();
    const result = last.getByTestId("send-result").filter({ hasText: /Delivered|Not delivered/ });
    await result.waitFor();
    const view = page.viewportSize() ?? { width: 1440, height: 720 };
    // in the clicked entry's own row, on screen
    const [r, entry] = [await result.boundingBox(), await last.boundingBox()];
    expect(r && entry && inside(r, entry) && r.y + r.height <= view.height).toBe(true);
    await last.locator("th button").click();
    const detail = page.getByTestId("catalog-detail");
    await detail.waitFor();
    await expect
      .poll(async () => {
        const b = await detail.boundingBox();
        return !!b && b.y >= 0 && b.y < view.height - 100;
      })
      .toBe(true);
  });

  it("keeps prose whole and grey text readable on a selected row in both themes", async () => {
    const id = await ui.post("/hooks/typo/quay/repo_push", QUAY_PUSH(["t1"]));
    for (const dark of [false, true]) {
      const page = await ui.page("/?endpoint=typo", { dark });
      await row(page, id).click();
      await page.getByTestId("detail-what").waitFor();
      const ratio = await row(page, id).evaluate((el) => {
        const rgb = (s: string) => (s.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
        const lum = (c: number[]) => {
          const [r, g, b] = c.map((v) => {
            const x = v / 255;
            return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
          }) as [number, number, number];
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const fg = lum(rgb(getComputedStyle(el.querySelector(".c-time") as Element).color));
        const bg = lum(rgb(getComputedStyle(el).backgroundColor));
        return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      });
      expect(ratio, dark ? "dark" : "light").toBeGreaterThanOrEqual(4.5);
      await page.getByTestId("tab-tls").click();
      const style = await page
        .getByTestId("tls-reason")
        .evaluate((el) => [getComputedStyle(el).wordBreak, getComputedStyle(el).overflowWrap]);
      expect(style[0]).not.toBe("break-all");
      expect(style[1]).not.toBe("anywhere");
    }
  });
});
