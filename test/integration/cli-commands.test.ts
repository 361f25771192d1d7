// The command line says what went wrong: unknown commands, a body of another registry, an export
// with nothing named, and certificate set-up for the receiver as configured.
import { mkdtemp, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lanAddresses } from "../../server/urls.ts";
import { runQuayside } from "../helpers/child.ts";

let certs: string;
beforeAll(async () => {
  certs = await mkdtemp(join(tmpdir(), "quayside-cli-cmds-"));
});
afterAll(async () => {
  await rm(certs, { recursive: true, force: true });
});

describe("quayside command line messages", () => {
  it("an unknown command is called that and the commands are listed", async () => {
    const run = runQuayside(["frobnicate"]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain("unknown command 'frobnicate'");
    expect(run.output()).not.toContain("too many arguments");
    for (const name of ["serve", "certs", "validate", "wait", "export", "send"])
      expect(run.output()).toContain(name);
  });

  it("validate --registry refuses a body of another registry, and --event forces the named schema", async () => {
    const mismatch = runQuayside(["validate", "fixtures/dtr/TAG_PUSH.json", "--registry", "harbor"]);
    expect(await mismatch.exited).toBe(1);
    expect(mismatch.output()).toContain("does not look like a Harbor body: it looks like dtr/TAG_PUSH");
    expect(mismatch.output()).not.toContain("result: valid");

    const forced = runQuayside([
      "validate",
      "fixtures/dtr/TAG_PUSH.json",
      "--registry",
      "harbor",
      "--event",
      "PUSH_ARTIFACT",
    ]);
    expect(await forced.exited).toBe(1);
    expect(forced.output()).toContain("checked against harbor/PUSH_ARTIFACT");
    expect(forced.output()).toContain("result: invalid");

    const same = runQuayside(["validate", "fixtures/dtr/TAG_PUSH.json", "--registry", "dtr"]);
    expect(await same.exited).toBe(0);
    expect(same.output()).toContain("result: valid");
  });

  it("export with nothing named is an error that names the id form, --samples and --all", async () => {
    // nothing listens on the port: the usage error comes before any request
    const run = runQuayside(["export", "--format", "har", "--console", "http://127.0.0.1:9"]);
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain("quayside export ID");
    expect(run.output()).toContain("--samples DIR");
    expect(run.output()).toContain("--all --format har|md");
  });

  it("certs shows the configured HTTPS port and, for a loopback receiver, loopback URLs only", async () => {
    const run = runQuayside(["certs", "--certs", certs, "--host", "127.0.0.1"], {
      QUAYSIDE_HTTPS_PORT: "9555",
    });
    expect(await run.exited).toBe(0);
    const out = run.output();
    expect(out).toContain("https://127.0.0.1:9555/hooks/");
    expect(out).not.toContain(":8443");
    expect(out).toContain("loopback only");
    for (const lan of [hostname(), ...lanAddresses()]) expect(out).not.toContain(`https://${lan}:`);

    const wide = runQuayside(["certs", "--certs", certs, "--https-port", "9556", "--json"]);
    expect(await wide.exited).toBe(0);
    const json = JSON.parse(wide.output()) as { receiver: { httpsUrl: string; loopbackOnly: boolean } };
    expect(json.receiver).toEqual({ httpsUrl: "https://localhost:9556", loopbackOnly: false });
  });
});
