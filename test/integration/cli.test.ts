// The real command line: validate, catalog, certs; messages a person understands.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runQuayside } from "../helpers/child.ts";

describe("quayside command line", () => {
  it("validate: exit 0 and the recognised event for a valid body", async () => {
    const run = runQuayside(["validate", "fixtures/harbor/PUSH_ARTIFACT.json"]);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain("Harbor PUSH_ARTIFACT, declared by the body itself");
    expect(run.output()).toContain("result: valid");
  });

  it("validate: exit 1 with each problem at its pointer for an invalid body", async () => {
    const run = runQuayside([
      "validate",
      "fixtures/invalid/quay/repo_push.~updated_tags.json",
      "--registry",
      "quay",
      "--event",
      "repo_push",
    ]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain("result: invalid: 1 problem");
    expect(run.output()).toContain('/updated_tags: should be an array or an object, got a string ("latest")');
  });

  it("validate: exit 2 and a plain message for a missing file; --json for machines", async () => {
    const missing = runQuayside(["validate", "no-such-file.json"]);
    expect(await missing.exited).toBe(2);
    expect(missing.output()).toContain("cannot read no-such-file.json: ENOENT");
    const json = runQuayside(["validate", "fixtures/dtr/TAG_PUSH.json", "--json"]);
    expect(await json.exited).toBe(0);
    expect(JSON.parse(json.output())).toMatchObject({
      registry: "dtr",
      event: "TAG_PUSH",
      validity: "valid",
    });
  });

  it("catalog lists every event; --help works for every command", async () => {
    const run = runQuayside(["catalog"]);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain("quay/repo_push");
    expect(run.output()).toContain("harbor/TAG_RETENTION");
    for (const cmd of ["serve", "certs", "validate", "catalog", "wait", "export", "send"]) {
      const help = runQuayside([cmd, "--help"]);
      expect(await help.exited).toBe(0);
      expect(help.output()).toMatch(/Usage: quayside/);
    }
  });

  it("certs creates the certificates and prints paths, fingerprints and set-up steps", async () => {
    const dir = await mkdtemp(join(tmpdir(), "quayside-cli-certs-"));
    try {
      const run = runQuayside(["certs", "--certs", dir, "--san", "registry.test"]);
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain(join(dir, "ca.pem"));
      expect(run.output()).toMatch(/[0-9A-F]{2}(:[0-9A-F]{2}){31}/);
      expect(run.output()).toContain("registry.test");
      expect(run.output()).toMatch(/extra_ca_certs/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a bad option with a message naming it", async () => {
    const run = runQuayside(["--https-port", "http", "--data", "/tmp/never-used"]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/--https-port.*port/);
  });
});
