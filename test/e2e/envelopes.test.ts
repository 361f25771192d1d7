// Wrapped events in a real Chromium: fixtures posted over HTTPS with their sidecar headers, and the
// body view showing both layers — the sender's envelope facts and the registry's event tree.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RegistryId } from "../../server/contract/index.ts";
import { SENDER_PROFILES } from "../../server/core/catalog/profiles.ts";
import { CHROMIUM } from "../helpers/browser.ts";
import { send } from "../helpers/clients.ts";
import { startUi, type UiHarness } from "../helpers/ui.ts";
import { contentTypeOf, FIXTURES, wireHeaders } from "../helpers/wire.ts";

const row = (page: Page, id: string) => page.locator(`[data-testid="delivery-row"][data-id="${id}"]`);
const fact = (page: Page, name: string) =>
  page.locator(`[data-testid="envelope-facts"] tr[data-name="${name}"] td`).textContent();

describe.skipIf(!CHROMIUM)("envelopes in the body view", () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  /** Posts a body the way its registry sends it (the fixture's sidecar headers); the delivery id. */
  async function post(endpoint: string, registry: RegistryId, file: string, body?: string) {
    const wire = wireHeaders(registry, file);
    const res = await send(`${ui.server.https}/hooks/${endpoint}`, {
      body: body ?? readFileSync(join(FIXTURES, registry, file)),
      ca: ui.ca,
      headers: {
        "content-type": contentTypeOf(wire) ?? "application/json",
        "user-agent": SENDER_PROFILES[registry].userAgent,
      },
      rawHeaders: wire.filter(([n]) => !/^(content-type|user-agent)$/i.test(n)),
    });
    return JSON.parse(res.body).delivery as string;
  }

  async function open(endpoint: string, id: string) {
    const page = await ui.page(`/?endpoint=${endpoint}`);
    await row(page, id).click();
    await page.getByTestId("envelope").waitFor();
    return page;
  }

  it("shows a Pub/Sub push's message id and its decoded event, issues marked inside it", async () => {
    const id = await post("env-gar", "gar", "INSERT.dead-letter-attributes.json");
    const page = await open("env-gar", id);
    expect(await page.getByTestId("envelope").getAttribute("data-kind")).toBe("pubsub-push");
    expect(await fact(page, "message id")).toBe("2070443601311600");
    expect(await fact(page, "subscription")).toBe("projects/my-project/subscriptions/ar-push-quayside");
    expect(await fact(page, "attribute origin")).toBe("artifact-registry");
    const action = page.locator('[data-pointer="/message/data/action"]');
    expect(await action.textContent()).toContain('"INSERT"');

    // the same envelope with a decoded event that breaks the schema: the mark sits on the inner node
    const fixture = JSON.parse(readFileSync(join(FIXTURES, "gar", "INSERT.tag.json"), "utf8"));
    const inner = { action: "INSERT", digest: 42, tag: "us-east1-docker.pkg.dev/p/r/img:1" };
    fixture.message.data = Buffer.from(JSON.stringify(inner)).toString("base64");
    const bad = await post("env-gar", "gar", "INSERT.tag.json", JSON.stringify(fixture));
    await row(page, bad).click();
    const digest = page.locator('[data-pointer="/message/data/digest"]');
    await expect.poll(() => digest.getAttribute("class")).toContain("has-issue");
    expect(await digest.locator(".v").textContent()).toBe("42");
  });

  it("shows a CloudEvents binary delivery's Ce-* attributes above its data", async () => {
    const id = await post("env-ce", "chainguard", "registry_push.json");
    const page = await open("env-ce", id);
    expect(await page.getByTestId("envelope").getAttribute("data-kind")).toBe("cloudevents-binary");
    expect(await fact(page, "type")).toBe("dev.chainguard.registry.push.v1");
    expect(await fact(page, "id")).toBe("ed95cbbd-20f6-5536-ba10-662000f13ba3");
    expect(await fact(page, "audience")).toBe("customer");
    await page.getByTestId("json-view").waitFor();
  });

  it("shows an EventBridge event's detail-type, source and time, and the detail tree", async () => {
    const id = await post("env-ecr", "ecr", "ECR_Image_Action.push.json");
    const page = await open("env-ecr", id);
    expect(await fact(page, "detail-type")).toBe("ECR Image Action");
    expect(await fact(page, "source")).toBe("aws.ecr");
    expect(await fact(page, "time")).toBe("2019-11-16T01:54:34Z");
    expect(await page.locator('[data-pointer="/detail/action-type"]').textContent()).toContain('"PUSH"');
  });

  it("renders a sender's attribute values as text, never HTML", async () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, "gar", "INSERT.tag.json"), "utf8"));
    fixture.message.attributes = { evil: "<img src=x data-testid=injected>" };
    const id = await post("env-html", "gar", "INSERT.tag.json", JSON.stringify(fixture));
    const page = await open("env-html", id);
    expect(await fact(page, "attribute evil")).toBe("<img src=x data-testid=injected>");
    expect(await page.getByTestId("injected").count()).toBe(0);
  });
});
