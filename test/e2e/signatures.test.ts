// Signatures in a real Chromium: a secret set from the endpoint pane, the verdict in the list,
// the filter narrowing to bad signatures, and the detail saying it in words.
import { createHmac } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../helpers/browser.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

const SECRET = "e2e-secret-never-shown";
const signed = (body: string) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;

const row = (page: Page, id: string) => page.locator(`[data-testid="delivery-row"][data-id="${id}"]`);
const rowIds = (page: Page) =>
  page.getByTestId("delivery-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-id")).sort());

describe.skipIf(!CHROMIUM)("signatures in the console", () => {
  let ui: UiHarness;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ui = await startUi();
    ids.before = await ui.post("/hooks/sig-ui/quay/repo_push", QUAY_PUSH(["before-secret"]));
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("sets a secret from the endpoint pane, shows each verdict, filters bad ones, explains one", async () => {
    const page = await ui.page("/?endpoint=sig-ui");
    // wide enough for the signature column, which folds first as the list narrows
    await page.setViewportSize({ width: 1700, height: 800 });
    await row(page, ids.before as string).waitFor();
    await page.getByTestId("edit-secret").click();
    await page.getByTestId("secret-input").fill(SECRET);
    await page.getByTestId("secret-save").click();
    await page.getByTestId("secret-editor").waitFor({ state: "detached" });
    await page.getByTestId("endpoints").getByText("signature checked").waitFor();

    const body = QUAY_PUSH(["v1"]);
    ids.valid = await ui.post("/hooks/sig-ui/quay/repo_push", body, { "x-hub-signature-256": signed(body) });
    ids.bad = await ui.post("/hooks/sig-ui/quay/repo_push", QUAY_PUSH(["evil"]), {
      "x-hub-signature-256": signed(body),
    });
    ids.unsigned = await ui.post("/hooks/sig-ui/quay/repo_push", body, { "x-gitea-signature": "" });

    const sigOf = (id: string) => row(page, id).getByTestId("row-sig");
    await expect.poll(() => sigOf(ids.valid as string).textContent()).toBe("signed ✓");
    await expect.poll(() => sigOf(ids.bad as string).textContent()).toBe("bad signature");
    await expect.poll(() => sigOf(ids.unsigned as string).textContent()).toBe("unsigned");
    expect(await sigOf(ids.before as string).textContent()).toBe("—");
    expect(await sigOf(ids.valid as string).isVisible()).toBe(true);

    await page.getByTestId("filter-sig").selectOption("bad");
    await expect.poll(() => rowIds(page)).toEqual([ids.bad, ids.unsigned].sort());
    expect(new URL(page.url()).searchParams.get("sig")).toBe("bad");
    // rows arriving live pass the same filter: the valid one stays out, the bad one comes in
    const validLater = await ui.post("/hooks/sig-ui/quay/repo_push", body, {
      "x-hub-signature-256": signed(body),
    });
    ids.badLater = await ui.post("/hooks/sig-ui/quay/repo_push", body, {
      "x-hub-signature-256": "sha256=00",
    });
    await expect.poll(() => rowIds(page)).toEqual([ids.bad, ids.unsigned, ids.badLater].sort());
    expect(await row(page, validLater).count()).toBe(0);

    await row(page, ids.bad as string).click();
    await page.getByTestId("tab-tls").click();
    const block = page.getByTestId("signature-block");
    await block.waitFor();
    expect(await block.textContent()).toContain("bad signature");
    expect(await page.getByTestId("signature-reason").textContent()).toMatch(
      /does not match: the body was changed, or the sender's secret differs/,
    );
    expect(await page.content()).not.toContain(SECRET);
  });

  it("shows an OIDC bearer token's claims in the detail, saying its signature is not checked", async () => {
    const part = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const claims = { iss: "https://issuer.enforce.dev", aud: "quayside-e2e", sub: "group/abc", exp: 1 };
    const token = `${part({ alg: "RS256" })}.${part(claims)}.c2ln`;
    const id = await ui.post("/hooks/sig-bearer/quay/repo_push", QUAY_PUSH(["oidc"]), {
      authorization: `Bearer ${token}`,
    });
    const page = await ui.page("/?endpoint=sig-bearer");
    await row(page, id).click();
    await page.getByTestId("tab-tls").click();
    const bearer = page.getByTestId("bearer-claims");
    await bearer.waitFor();
    const text = await bearer.textContent();
    expect(text).toContain("https://issuer.enforce.dev");
    expect(text).toContain("quayside-e2e");
    expect(text).toContain("already expired");
    expect(text).toMatch(/signature is not checked/);
    expect(await page.getByTestId("signature-none").textContent()).toMatch(/no secret/);
  });
});
