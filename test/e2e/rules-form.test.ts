// The rules editor as a form in a real Chromium: rules built field by field and said in words,
// reordered with buttons and Alt+arrows, the JSON view a toggle away, the give-up warning in the
// form, presets saved in one step; and the QA workflow: a rule set in the form, `quayside send`
// retrying like Quay until its last attempt gets through, then `quayside wait` agreeing.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EndpointView, Rule } from "../../server/contract/index.ts";
import { CHROMIUM } from "../helpers/browser.ts";
import { runQuayside } from "../helpers/child.ts";
import { putEndpoint } from "../helpers/clients.ts";
import { startUi, type UiHarness } from "../helpers/ui.ts";

describe.skipIf(!CHROMIUM)("rules form in Chromium", () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  const rulesOf = async (name: string) =>
    ((await (await fetch(`${ui.server.console}/api/endpoints/${name}`)).json()) as EndpointView).rules;
  const card = (page: Page, i: number) => page.locator(`[data-testid="rule-card"][data-index="${i}"]`);
  const words = (page: Page) => page.getByTestId("rule-words").allTextContents();
  /** Opens the editor of a new endpoint expecting `registry`'s deliveries. */
  async function editorOf(name: string, registry = "quay"): Promise<Page> {
    expect((await putEndpoint(ui.server.console, name, { registry })).status).toBe(200);
    const page = await ui.page(`/?endpoint=${name}`);
    await page.locator(`.ep-block[data-id="${name}"]`).getByTestId("edit-rules").click();
    await page.getByTestId("rules-form").waitFor();
    return page;
  }
  async function save(page: Page) {
    await page.getByTestId("rules-save").click();
    await page.getByTestId("rules-message").filter({ hasText: "Saved" }).waitFor();
  }

  it("builds rules field by field, says each in words, reorders them by button and Alt+Up, saves in order", async () => {
    const page = await editorOf("rf-order");
    await page.getByTestId("rule-add").click();
    await card(page, 0).getByTestId("rule-when-attempt").fill("1");
    await page.getByTestId("rule-add").click();
    await card(page, 1).getByTestId("rule-schedule-kind").selectOption("first");
    await card(page, 1).getByTestId("rule-schedule-n").fill("2");
    await card(page, 1).getByTestId("rule-answer-status").fill("429");
    await page.getByTestId("rule-add").click();
    await card(page, 2).getByTestId("rule-answer-kind").selectOption("reset");
    expect(await words(page)).toEqual([
      "When at attempt 1: answer 503",
      "Every delivery, the first 2 attempts of each event: answer 429",
      "Every delivery: reset the connection",
    ]);

    await card(page, 2).getByTestId("rule-up").click();
    await card(page, 1).getByTestId("rule-handle").focus();
    await page.keyboard.press("Alt+ArrowUp");
    const order = [
      "Every delivery: reset the connection",
      "When at attempt 1: answer 503",
      "Every delivery, the first 2 attempts of each event: answer 429",
    ];
    await expect.poll(() => words(page)).toEqual(order);
    // the focus moves with the rule, so the keys can be pressed again: down and back up
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    await expect.poll(focused).toBe("Rule 1");
    await page.keyboard.press("Alt+ArrowDown");
    await expect.poll(focused).toBe("Rule 2");
    expect(await words(page)).toEqual([order[1], order[0], order[2]]);
    await page.keyboard.press("Alt+ArrowUp");
    await expect.poll(focused).toBe("Rule 1");
    expect(await words(page)).toEqual(order);
    await save(page);
    const expected: Rule[] = [
      { respond: { action: "reset" } },
      { when: { attempt: 1 }, respond: { status: 503 } },
      { schedule: { kind: "first", n: 2 }, respond: { status: 429 } },
    ];
    expect(await rulesOf("rf-order")).toEqual(expected);

    // the JSON view shows the same rules; edited there, the form takes them back
    await page.getByTestId("rules-view-json").click();
    expect(JSON.parse(await page.getByTestId("rules-json").inputValue())).toEqual(expected);
    await page.getByTestId("rules-json").fill('[{"when":{"registry":"quay"},"respond":{"status":418}}]');
    await page.getByTestId("rules-view-form").click();
    expect(await words(page)).toEqual(["When Quay: answer 418"]);
    await card(page, 0).getByTestId("rule-remove").click();
    expect(await page.getByTestId("rule-card").count()).toBe(0);
    await save(page);
    expect(await rulesOf("rf-order")).toEqual([]);
  });

  it("shows the server's refusal of a rule by its field", async () => {
    const page = await editorOf("rf-bad");
    await page.getByTestId("rule-add").click();
    await card(page, 0).getByTestId("rule-answer-status").fill("99");
    await page.getByTestId("rules-save").click();
    await page.getByTestId("rules-message").filter({ hasText: "rules[0].respond.status" }).waitFor();
    expect(await rulesOf("rf-bad")).toEqual([]);
  });

  it("keeps the give-up warning visible in the form, and a preset applies and saves in one step", async () => {
    const page = await editorOf("rf-warn");
    await page.getByTestId("rule-add").click();
    const warning = page.getByTestId("rules-gives-up");
    await expect.poll(() => warning.textContent()).toContain("Quay will give up after attempt 3");
    await card(page, 0).getByTestId("rule-answer-status").fill("200");
    await expect.poll(() => warning.count()).toBe(0);

    await page.getByTestId("preset-fail-all-but-last").click();
    await page.getByTestId("rules-message").filter({ hasText: "Saved" }).waitFor();
    expect(await rulesOf("rf-warn")).toEqual([
      { schedule: { kind: "first", n: 2 }, respond: { status: 503 } },
    ]);
    expect(await words(page)).toEqual(["Every delivery, the first 2 attempts of each event: answer 503"]);
  });

  it("QA: a rule set in the form fails all but Quay's last attempt; send retries until delivered, wait agrees", async () => {
    const page = await editorOf("rf-qa");
    await page.getByTestId("rule-add").click();
    await card(page, 0).getByTestId("rule-when-registry").selectOption("quay");
    await card(page, 0).getByTestId("rule-schedule-kind").selectOption("first");
    await card(page, 0).getByTestId("rule-schedule-n").fill("2");
    await card(page, 0).getByTestId("rule-answer-status").fill("503");
    expect(await words(page)).toEqual(["When Quay, the first 2 attempts of each event: answer 503"]);
    await save(page);
    await page.keyboard.press("Escape");

    const cli = (args: string[]) =>
      runQuayside([...args, "--console", ui.server.console, "--certs", ui.server.certsDir]);
    const sent = cli([
      "send",
      "quay/repo_push",
      "--endpoint",
      "rf-qa",
      "--retry",
      "quay",
      "--time-scale",
      "0.01",
    ]);
    expect(await sent.exited, sent.output()).toBe(0);

    const rows = page.locator('[data-testid="delivery-row"]');
    await expect.poll(() => rows.count()).toBe(3);
    await rows.first().click();
    await page.getByTestId("tab-attempts").click();
    expect(await page.getByTestId("attempt-count").textContent()).toBe("3 attempts");
    expect(await page.getByTestId("chain-outcome").textContent()).toBe("delivered");
    const statuses = await page.getByTestId("attempt").locator(".c-status").allTextContents();
    expect(statuses).toEqual(["503", "503", "200"]);

    const waited = runQuayside([
      "wait",
      "--endpoint",
      "rf-qa",
      "--event",
      "quay/repo_push",
      "--attempts",
      "3",
      "--outcome",
      "delivered",
      "--since",
      "5m",
      "--timeout",
      "20s",
      "--console",
      ui.server.console,
    ]);
    expect(await waited.exited, waited.output()).toBe(0);
  });
});
