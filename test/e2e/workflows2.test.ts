// Console workflows in a real Chromium, second slice: Esc leaves the search, the URL holds the
// open delivery and the filter history, presets follow the registry, copy, delete, attempts.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { send } from "../helpers/clients.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

const row = (page: Page, id: string) => page.locator(`[data-testid="delivery-row"][data-id="${id}"]`);
const query = (page: Page) => new URL(page.url()).searchParams;

describe.skipIf(!CHROMIUM)("console workflows, second slice", () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("Esc in the search box drops the search from the list and the URL and hands j/k back to the list", async () => {
    const alpha = await ui.post("/hooks/esc/quay/repo_push", QUAY_PUSH(["v1"], "ns/alphaesc"));
    const beta = await ui.post("/hooks/esc/quay/repo_push", QUAY_PUSH(["v1"], "ns/betaesc"));
    const page = await ui.page("/?endpoint=esc");
    await row(page, beta).waitFor();
    const box = page.getByTestId("filter-q");
    await box.fill("alphaesc");
    await box.press("Enter");
    await row(page, beta).waitFor({ state: "detached" });
    expect(query(page).get("q")).toBe("alphaesc");

    await box.press("Escape");
    await row(page, beta).waitFor();
    expect(await box.inputValue()).toBe("");
    expect(query(page).has("q")).toBe(false);
    expect(query(page).get("endpoint")).toBe("esc");
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(false);

    await page.keyboard.press("j");
    expect(await box.inputValue()).toBe("");
    await page.locator('[data-testid="delivery-row"].selected').waitFor();
    const selected = await page.locator('[data-testid="delivery-row"].selected').getAttribute("data-id");
    expect([alpha, beta]).toContain(selected);
  });

  it("a link with ?id= opens that delivery, and Back undoes a filter change", async () => {
    const id = await ui.post("/hooks/link/quay/repo_push", QUAY_PUSH(["linked"], "ns/linkapp"));
    const other = await ui.post("/hooks/link/quay/repo_push", QUAY_PUSH(["x"], "ns/linkother"));
    const page = await ui.page(`/?endpoint=link&id=${id}`);
    expect(await page.getByTestId("detail-id").textContent()).toBe(id);

    // opening another row puts it in the URL
    await row(page, other).click();
    await expect.poll(() => page.getByTestId("detail-id").textContent()).toBe(other);
    expect(query(page).get("id")).toBe(other);

    await page.getByTestId("filter-validity").selectOption("invalid");
    await expect.poll(() => query(page).get("validity")).toBe("invalid");
    await page.getByTestId("no-match").waitFor();

    await page.goBack();
    await row(page, id).waitFor();
    expect(query(page).has("validity")).toBe(false);
    expect(await page.getByTestId("filter-validity").inputValue()).toBe("");

    // closing the detail takes the id out of the URL
    await page.getByRole("button", { name: "close detail" }).click();
    await expect.poll(() => query(page).has("id")).toBe(false);
  });

  it("offers Quay 'fail all but the last attempt', warns that 'fail first 3' makes Quay give up, and saves a preset in one click", async () => {
    await ui.post("/hooks/pq/quay/repo_push", QUAY_PUSH(["seed"]));
    const page = await ui.page("/?endpoint=pq");
    await page.getByTestId("edit-rules").click();
    expect(await page.getByTestId("preset-registry").inputValue()).toBe("quay");
    const giveUp = page.locator('[data-preset="fail-first-3"] [data-testid="preset-gives-up"]');
    expect(await giveUp.textContent()).toContain(
      "Quay will give up after attempt 3 and disable the notification",
    );
    expect(
      await page.locator('[data-preset="fail-all-but-last"] [data-testid="preset-gives-up"]').count(),
    ).toBe(0);

    await page.getByTestId("preset-fail-all-but-last").click();
    await page.getByTestId("rules-message").filter({ hasText: "Saved" }).waitFor();
    const body = QUAY_PUSH(["v2"]);
    const answers: number[] = [];
    for (let i = 0; i < 3; i++)
      answers.push((await send(`${ui.server.https}/hooks/pq/quay/repo_push`, { body, ca: ui.ca })).status);
    expect(answers).toEqual([503, 503, 200]);

    // hand-written rules that fail every attempt say so before Save
    await page.getByTestId("rules-view-json").click();
    await page.getByTestId("rules-json").fill('[{"respond":{"status":500}}]');
    expect(await page.getByTestId("rules-gives-up").textContent()).toContain(
      "Quay will give up after attempt 3",
    );
    await page.getByTestId("rules-json").fill("[]");
    expect(await page.getByTestId("rules-gives-up").count()).toBe(0);
  });

  it("tailors presets to Harbor's 3 attempts when the endpoint is Harbor's", async () => {
    const res = await fetch(`${ui.server.console}/api/presets?registry=harbor`);
    const view = (await res.json()) as {
      sender: { givesUp: string };
      presets: { id: string; rules: unknown }[];
    };
    expect(view.sender.givesUp).toBe("Harbor will give up after attempt 3.");
    expect(view.presets.find((p) => p.id === "fail-all-but-last")?.rules).toEqual([
      { schedule: { kind: "first", n: 2 }, respond: { status: 503 } },
    ]);
    const none = await fetch(`${ui.server.console}/api/presets?registry=distribution`);
    const noLast = (await none.json()) as { presets: { id: string }[] };
    expect(noLast.presets.map((p) => p.id)).toContain("fail-first-3");
    expect(noLast.presets.map((p) => p.id)).not.toContain("fail-all-but-last");
  });

  it("copies the body, the headers, a curl command and a link, each confirming 'Copied'", async () => {
    const id = await ui.post("/hooks/cp/quay/repo_push", QUAY_PUSH(["copyme"]), { "x-copy-probe": "yes" });
    const page = await ui.page(`/?endpoint=cp&id=${id}`);
    await page
      .context()
      .grantPermissions(["clipboard-read", "clipboard-write"], { origin: ui.server.console });
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    const copyVia = async (testId: string) => {
      const button = page.getByTestId(testId);
      await button.click();
      await page.getByTestId(testId).filter({ hasText: "Copied" }).waitFor();
      return clipboard();
    };
    expect(JSON.parse(await copyVia("copy-body")).updated_tags).toEqual(["copyme"]);
    expect(await copyVia("copy-headers")).toMatch(/^x-copy-probe: yes$/m);
    const curl = await copyVia("copy-curl");
    expect(curl).toMatch(/^curl /);
    expect(curl).toContain("copyme");
    const link = await copyVia("copy-link");
    expect(new URL(link).searchParams.get("id")).toBe(id);

    // the link opens the same delivery
    const opened = await ui.page(new URL(link).pathname + new URL(link).search);
    expect(await opened.getByTestId("detail-id").textContent()).toBe(id);
  });

  it("deletes one delivery from the detail header and another with the Delete key, after confirming", async () => {
    const first = await ui.post("/hooks/del1/quay/repo_push", QUAY_PUSH(["a"]));
    const second = await ui.post("/hooks/del1/quay/repo_push", QUAY_PUSH(["b"]));
    const keep = await ui.post("/hooks/del1/quay/repo_push", QUAY_PUSH(["c"]));
    const page = await ui.page(`/?endpoint=del1&id=${first}`);
    const asked: string[] = [];
    page.on("dialog", (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.getByTestId("delete-button").click();
    await row(page, first).waitFor({ state: "detached" });
    expect(asked).toEqual(["Delete this delivery?"]);

    await row(page, second).click();
    await page.keyboard.press("Delete");
    await row(page, second).waitFor({ state: "detached" });
    expect(asked).toHaveLength(2);
    expect(await row(page, keep).count()).toBe(1);
    const left = await fetch(`${ui.server.console}/api/deliveries?endpoint=del1`);
    expect(((await left.json()) as { items: { id: string }[] }).items.map((d) => d.id)).toEqual([keep]);
  });

  it("deletes an endpoint's deliveries from its pane and leaves no empty endpoint behind", async () => {
    await ui.post("/hooks/del2/quay/repo_push", QUAY_PUSH(["a"]));
    const other = await ui.post("/hooks/del2b/quay/repo_push", QUAY_PUSH(["b"]));
    const page = await ui.page("/?endpoint=del2");
    page.on("dialog", (d) => void d.accept());
    const pane = page.getByTestId("endpoints");
    await pane.getByTestId("endpoint").filter({ hasText: "del2b" }).waitFor();
    await page.getByTestId("endpoint-clear").click();
    await page.getByTestId("no-match").waitFor();
    await expect
      .poll(() => pane.getByTestId("endpoint").allTextContents())
      .not.toContainEqual(expect.stringMatching(/^del2\d/));
    const res = await fetch(`${ui.server.console}/api/deliveries?endpoint=del2b`);
    expect(((await res.json()) as { items: { id: string }[] }).items.map((d) => d.id)).toEqual([other]);
  });

  it("Attempts tab: each attempt opens its delivery, names the rule that answered, and follows new attempts live", async () => {
    const page = await ui.page("/?endpoint=att");
    await page.evaluate(async () => {
      const rules = [
        { when: { attempt: 1 }, respond: { status: 503 } },
        { schedule: { kind: "first", n: 2 }, respond: { status: 500 } },
      ];
      const res = await fetch("/api/endpoints/att", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rules }),
      });
      if (!res.ok) throw new Error(`PUT ${res.status}`);
    });
    const body = QUAY_PUSH(["chain"], "ns/attempts");
    const hook = `${ui.server.https}/hooks/att/quay/repo_push`;
    const first = String((await send(hook, { body, ca: ui.ca })).headers["x-quayside-delivery"]);
    const second = String((await send(hook, { body, ca: ui.ca })).headers["x-quayside-delivery"]);
    await row(page, second).click();
    await page.getByTestId("tab-attempts").click();
    const attempt = (id: string) => page.locator(`[data-testid="attempt"][data-id="${id}"]`);
    await expect.poll(() => attempt(first).getByTestId("attempt-rule").textContent()).toBe(" by rule 1");
    await expect.poll(() => attempt(second).getByTestId("attempt-rule").textContent()).toBe(" by rule 2");

    await attempt(first).getByRole("button").click();
    await expect.poll(() => page.getByTestId("detail-id").textContent()).toBe(first);
    await page.getByTestId("attempts-tab").waitFor();

    const third = String((await send(hook, { body, ca: ui.ca })).headers["x-quayside-delivery"]);
    // the third attempt (answered 200 by default) joins the open timeline without a reload
    await expect
      .poll(() => attempt(third).getByTestId("attempt-rule").textContent())
      .toBe(" by default answer");
    expect(await page.getByTestId("attempt-count").textContent()).toBe("3 attempts");
  });

  it("replay dialog: full-width target, a body editor sized to the body, replay again, and the last target remembered", async () => {
    const pretty = JSON.stringify(JSON.parse(QUAY_PUSH(["r1", "r2", "r3", "r4", "r5", "r6"])), null, 2);
    const id = await ui.post("/hooks/rpl/quay/repo_push", pretty);
    const page = await ui.page(`/?endpoint=rpl&id=${id}`);
    await page.getByTestId("detail-id").waitFor();
    await page.keyboard.press("r");
    const dialog = page.getByTestId("replay-dialog");
    await dialog.waitFor();
    const lines = pretty.split("\n").length;
    // the editor shows every line of a short body without scrolling
    const editor = page.getByTestId("replay-body");
    await editor.locator(".cm-line").first().waitFor(); // CodeMirror loads on first use
    expect(await editor.locator(".cm-line").count()).toBe(lines);
    const scroller = editor.locator(".cm-scroller");
    expect(await scroller.evaluate((s) => s.scrollHeight <= s.clientHeight + 1)).toBe(true);
    const form = await dialog.locator("form").boundingBox();
    const target = await page.getByTestId("replay-target").boundingBox();
    expect(target?.width ?? 0).toBeGreaterThan((form?.width ?? 0) * 0.95);

    expect(await page.getByTestId("replay-target").inputValue()).toBe("self");
    await page.getByTestId("replay-send").click();
    await page.getByTestId("replay-result").filter({ hasText: "Answered 200" }).waitFor();
    await page.getByTestId("replay-again").click();
    await expect.poll(() => page.getByTestId("tab-replays").textContent()).toBe("Replays (2)");

    // another target is offered again the next time
    const elsewhere = "http://127.0.0.1:9/replay-target";
    await page.getByTestId("replay-target").fill(elsewhere);
    await page.getByTestId("replay-send").click();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await page.keyboard.press("r");
    expect(await page.getByTestId("replay-target").inputValue()).toBe(elsewhere);
  });
});
