// An endpoint's `validation` setting: "off" records Quay custom-template bodies as not validated,
// "documented" also reports fields Quay's docs do not list, "lenient" (default) is the schema as
// written. Real HTTPS deliveries, read back through the console API.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryDetail, EndpointView } from "../../server/contract/index.ts";
import { projectPath } from "../../server/paths.ts";
import { putEndpoint, send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
});

const put = (name: string, settings: unknown) => putEndpoint(server.console, name, settings);

const documentedPush = () =>
  JSON.parse(readFileSync(projectPath("fixtures", "quay", "repo_push.json"), "utf8")) as Record<
    string,
    unknown
  >;

/** Posts `body` as a Quay repo_push to `endpoint`; resolves with the stored delivery. */
async function deliver(endpoint: string, body: unknown): Promise<DeliveryDetail> {
  const res = await send(`${server.https}/hooks/${endpoint}/quay/repo_push`, {
    ca: server.ca,
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  const id = String(res.headers["x-quayside-delivery"]);
  return (await (await fetch(`${server.console}/api/deliveries/${id}`)).json()) as DeliveryDetail;
}

describe("endpoint validation modes", () => {
  it('records an invalid Quay body as "not-validated" when validation is off', async () => {
    const res = await put("vm-off", { validation: "off" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as EndpointView).validation).toBe("off");
    const d = await deliver("vm-off", { text: "custom template", updated_tags: 7 });
    expect(d.validity).toBe("not-validated");
    expect(d.validation.validity).toBe("not-validated");
    expect(d.validation.issues).toEqual([]);
    expect(d.issueCount).toBe(0);
  });

  it("reports a top-level field Quay's docs do not list at its pointer when documented", async () => {
    expect((await put("vm-documented", { validation: "documented" })).status).toBe(200);
    const d = await deliver("vm-documented", { ...documentedPush(), template_extra: "x" });
    expect(d.validity).toBe("invalid");
    expect(d.validation.issues).toEqual([
      expect.objectContaining({
        pointer: "/template_extra",
        keyword: "unevaluatedProperties",
        message: `"template_extra" is not in Quay's documented body`,
      }),
    ]);
    // a body with only documented fields (some from the shared definitions) is valid
    expect((await deliver("vm-documented", documentedPush())).validity).toBe("valid");
  });

  it("leaves lenient (the default) as it was: extra fields pass, wrong types are invalid", async () => {
    expect((await deliver("vm-lenient", { ...documentedPush(), template_extra: "x" })).validity).toBe(
      "valid",
    );
    const bad = await deliver("vm-lenient", { ...documentedPush(), updated_tags: 7 });
    expect(bad.validity).toBe("invalid");
    expect(bad.validation.issues.map((i) => i.pointer)).toContain("/updated_tags");
    expect((await put("vm-lenient", { validation: "lenient" })).status).toBe(200);
    const view = (await (await fetch(`${server.console}/api/endpoints/vm-lenient`)).json()) as EndpointView;
    expect(view.validation ?? "lenient").toBe("lenient");
  });

  it("refuses a PUT with an unknown validation value with 400 and says which are allowed", async () => {
    const res = await put("vm-bad", { validation: "strict" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toBe("validation must be one of documented, lenient, off");
  });
});
