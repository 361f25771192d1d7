// Two people's workflows end to end in a real Chromium: the integrator (receive over HTTPS,
// inspect, copy as curl and run it, replay with an edit typed into the editor) and the docs
// writer (download the redacted samples zip and check its hosts).
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unzip } from "../../server/export/zip.ts";
import { CHROMIUM } from "../helpers/browser.ts";
import { QUAY_PUSH, startUi, type UiHarness } from "../helpers/ui.ts";

const run = promisify(execFile);

describe.skipIf(!CHROMIUM)("people's workflows in Chromium", () => {
  let ui: UiHarness;
  let work: string;
  beforeAll(async () => {
    ui = await startUi();
    work = await mkdtemp(join(tmpdir(), "quayside-workflows-"));
  });
  afterAll(async () => {
    await ui?.close();
    await rm(work, { recursive: true, force: true });
  });

  it("integrator: receives over HTTPS, inspects, runs the copied curl, replays an edit typed in the editor", async () => {
    const id = await ui.post("/hooks/integ/quay/repo_push", QUAY_PUSH(["v1"]));
    const page = await ui.page(`/?endpoint=integ&id=${id}`);
    await page
      .context()
      .grantPermissions(["clipboard-read", "clipboard-write"], { origin: ui.server.console });
    const view = page.getByTestId("json-view");
    await view.locator(".cm-line", { hasText: '"v1"' }).waitFor();

    // copy as curl, and the command works against the receiver (127.0.0.1 only)
    await page.getByTestId("copy-curl").click();
    await page.getByTestId("copy-curl").filter({ hasText: "Copied" }).waitFor();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    const port = new URL(ui.server.https).port;
    const target = /'(https:\/\/[^']+)'/.exec(curl)?.[1] ?? "";
    expect(target).toMatch(
      new RegExp(`^https://(?:localhost|127\\.0\\.0\\.1):${port}/hooks/integ/quay/repo_push$`),
    );
    const dir = join(work, "curl");
    await mkdir(join(dir, "certs"), { recursive: true });
    await writeFile(join(dir, "certs", "ca.pem"), ui.ca);
    const { stdout } = await run("bash", ["-c", curl], { cwd: dir }); // the command exactly as copied
    const again = JSON.parse(stdout).delivery as string;
    await page.locator(`[data-testid="delivery-row"][data-id="${again}"]`).waitFor();

    // replay the first delivery with an edit typed into the CodeMirror editor
    await page.locator(`[data-testid="delivery-row"][data-id="${id}"]`).click();
    await page.getByTestId("detail-id").filter({ hasText: id }).waitFor();
    await page.keyboard.press("r");
    const editor = page.getByTestId("replay-body");
    await editor.locator(".cm-content span", { hasText: /^"v1"$/ }).dblclick(); // selects v1
    await page.keyboard.type("edited-v2");
    await page.getByTestId("replay-send").click();
    await page.getByTestId("replay-result").filter({ hasText: "Answered 200" }).waitFor();
    await page.keyboard.press("Escape");
    const rows = page.getByTestId("delivery-row");
    await expect.poll(() => rows.count()).toBe(3);
    const newest = rows.first();
    expect(await newest.textContent()).toContain("↻");
    await newest.click();
    await page.getByTestId("json-view").locator(".cm-line", { hasText: '"edited-v2"' }).waitFor();
  });

  it("docs writer: downloads the samples zip, every sample inside, hosts redacted the same way everywhere", async () => {
    const dist = JSON.stringify({
      events: [
        {
          action: "push",
          target: { repository: "team/app", url: "http://127.0.0.1:35000/v2/team/app/manifests/sha256:1d8f" },
          request: { addr: "172.17.0.1:54820", host: "127.0.0.1:35000", method: "PUT" },
          source: { addr: "5f0c2b7d9e1a:5000" },
        },
      ],
    });
    await ui.post("/hooks/docs/distribution/push", dist, {
      "content-type": "application/vnd.docker.distribution.events.v1+json",
    });
    await ui.post("/hooks/docs/quay/repo_push", QUAY_PUSH(["1.0"], "ns/app"));
    const page = await ui.page("/?endpoint=docs");
    await page.getByTestId("delivery-row").nth(1).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-samples").click(),
    ]);
    expect(download.suggestedFilename()).toBe("quayside-samples.zip");
    const file = join(work, "samples.zip");
    await download.saveAs(file);
    const archive = await readFile(file);
    const tested = await run("unzip", ["-t", file]).catch(() => null); // the parser below checks too
    if (tested) expect(tested.stdout).toContain("No errors detected");
    const entries = new Map(unzip(archive).map((e) => [e.name, e.data.toString("utf8")]));
    expect([...entries.keys()].sort()).toEqual([
      "README.md",
      "distribution/push.json",
      "quay/repo_push.json",
    ]);

    const event = JSON.parse(entries.get("distribution/push.json") ?? "").events[0];
    const urlHost = new URL(event.target.url).host;
    expect(urlHost).toBe(event.request.host); // one original host, one placeholder
    expect(event.source.addr).toBe("registry.example.com:5000");
    const all = [...entries.values()].join("\n");
    for (const leak of ["127.0.0.1", "172.17.0.1", "5f0c2b7d9e1a", "quay.example.com"]) {
      expect(all).not.toContain(leak);
    }
    expect(JSON.parse(entries.get("quay/repo_push.json") ?? "").docker_url).toMatch(
      /^registry\d*\.example\.com\/ns\/app$/,
    );
  });
});
