// `quayside validate` and `quayside catalog`: exit codes and output a person can act on.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCatalog } from "../../server/cli/catalog.ts";
import { runValidate } from "../../server/cli/validate.ts";
import { createCatalog } from "../../server/core/catalog/index.ts";

const FIXTURES = fileURLToPath(new URL("../../fixtures", import.meta.url));
let dir = "";
const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "quayside-validate-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("quayside validate", () => {
  it("exits 0 for a valid pinned Quay body and says how it was recognised", async () => {
    const { exitCode, output } = await runValidate(join(FIXTURES, "quay/repo_push.json"), {
      registry: "quay",
      event: "repo_push",
    });
    expect(exitCode).toBe(0);
    expect(output).toContain("Quay repo_push, as named by --registry/--event");
    expect(output).toContain("result: valid");
  });

  it("says when it only guessed, and how to be certain", async () => {
    const { exitCode, output } = await runValidate(join(FIXTURES, "quay/build_start.json"), {});
    expect(exitCode).toBe(0);
    expect(output).toMatch(/guessed from its fields \(\d+% sure\)/);
    expect(output).toContain("--registry quay --event <event>");
  });

  it("exits 1 for an invalid body and lists each issue as pointer: message (value)", async () => {
    const path = join(FIXTURES, "invalid/dtr/TAG_PUSH.~contents~digest.json");
    const { exitCode, output } = await runValidate(path, {});
    expect(exitCode).toBe(1);
    expect(output).toContain("MSR / DTR TAG_PUSH, declared by the body itself");
    expect(output).toContain("result: invalid: 1 problem");
    expect(output).toContain(
      '/contents/digest: should be a digest like sha256:<64 hex digits> ("not a digest")',
    );
  });

  it("notes when the body contradicts the named event", async () => {
    const { output } = await runValidate(join(FIXTURES, "harbor/PUSH_ARTIFACT.json"), {
      registry: "quay",
      event: "repo_push",
    });
    expect(output).toContain("the body itself says harbor/PUSH_ARTIFACT, not quay/repo_push");
  });

  it("exits 1 for bodies that are not JSON or that no registry sends", async () => {
    const notJson = await runValidate(await file("a.json", "{oops"), {});
    expect(notJson.exitCode).toBe(1);
    expect(notJson.output).toContain("not JSON");
    const unknown = await runValidate(await file("b.json", '{"hello":"world"}'), {});
    expect(unknown.exitCode).toBe(1);
    expect(unknown.output).toContain("not a body any known registry sends");
    expect(unknown.output).toContain("--registry quay --event repo_push");
    const unknownEvent = await runValidate(await file("c.json", "{}"), {
      registry: "quay",
      event: "repo_pull",
    });
    expect(unknownEvent.exitCode).toBe(1);
    expect(unknownEvent.output).toContain('"repo_pull" is not an event in the catalog');
  });

  it("exits 2 for an unreadable file or unusable options", async () => {
    const missing = await runValidate(join(dir, "missing.json"), {});
    expect(missing).toMatchObject({ exitCode: 2 });
    expect(missing.output).toContain("cannot read");
    expect((await runValidate(join(dir, "x.json"), { event: "repo_push" })).exitCode).toBe(2);
    expect((await runValidate(join(dir, "x.json"), { registry: "gitlab", event: "push" })).exitCode).toBe(2);
  });

  it("prints the classification as JSON with --json", async () => {
    const path = join(FIXTURES, "distribution/pull.manifest.json");
    const { exitCode, output } = await runValidate(path, { json: true });
    expect(exitCode).toBe(0);
    expect(JSON.parse(output)).toMatchObject({
      file: path,
      registry: "distribution",
      event: "pull",
      validity: "valid",
    });
  });
});

describe("quayside catalog", () => {
  it("prints every registry/event with its label in a table", () => {
    const { exitCode, output } = runCatalog({});
    expect(exitCode).toBe(0);
    for (const e of createCatalog().list()) {
      expect(output).toMatch(new RegExp(`${e.registry}/${e.event}\\s+${e.label.replace(/[()+]/g, "\\$&")}`));
    }
    expect(output).toContain("92 events");
  });

  it("prints the full list with --json", () => {
    const list = JSON.parse(runCatalog({ json: true }).output);
    expect(list).toEqual(createCatalog().list());
  });
});
