// Signatures over real HTTPS: each registry's scheme checked against the endpoint's secret on the
// raw bytes, the verdict stored with the delivery, and `require` mode answering 401 after recording.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryDetail, DeliverySummary, Page } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { CASES, type Case, SECRET, STATIC_CASES, STATIC_HEADER } from "../helpers/signature-cases.ts";
import { FIXTURES, wireHeaders } from "../helpers/wire.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
});

async function putEndpoint(name: string, settings: object) {
  const res = await fetch(`${server.console}/api/endpoints/${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(settings),
  });
  expect(res.status).toBe(200);
}

/** Sends the case to the endpoint; resolves with the answer and the stored delivery. */
async function deliver(endpoint: string, c: Case) {
  const [dir, file] = c.fixture;
  const raw = readFileSync(join(FIXTURES, dir, file));
  const headers = c.headers(raw, wireHeaders(dir, file));
  const sentBytes = c.tamper ? Buffer.concat([raw, Buffer.from("\n")]) : raw;
  const res = await send(`${server.https}/hooks/${endpoint}`, {
    ca: server.ca,
    body: sentBytes,
    headers: {},
    rawHeaders: headers.filter(([n]) => n.toLowerCase() !== "content-type"),
  });
  const id = String(res.headers["x-quayside-delivery"]);
  const stored = (await (await fetch(`${server.console}/api/deliveries/${id}`)).json()) as DeliveryDetail;
  return { res, stored };
}

describe("signature verdicts in report mode", () => {
  beforeAll(async () => {
    await putEndpoint("sig-report", { signature: { secret: SECRET, mode: "report" } });
    await putEndpoint("sig-report-static", {
      signature: { secret: SECRET, mode: "report", header: STATIC_HEADER },
    });
  });

  it.each(CASES.map((c) => [c.label, c] as const))("%s: stored verdict, answered 200", async (_l, c) => {
    const { res, stored } = await deliver("sig-report", c);
    expect(res.status).toBe(200);
    expect(stored.signature?.verdict).toBe(c.verdict);
    expect(stored.signature?.reason).not.toContain(SECRET);
    expect(stored.sig).toBe(c.verdict);
  });

  it.each(STATIC_CASES.map((c) => [c.label, c] as const))("%s", async (_l, c) => {
    const { res, stored } = await deliver("sig-report-static", c);
    expect(res.status).toBe(200);
    expect(stored.signature).toMatchObject({ verdict: c.verdict, scheme: expect.stringMatching(/static/) });
  });
});

describe("require mode", () => {
  beforeAll(async () => {
    await putEndpoint("sig-require", { signature: { secret: SECRET, mode: "require" } });
    await putEndpoint("sig-require-static", {
      signature: { secret: SECRET, mode: "require", header: STATIC_HEADER },
    });
  });

  const all = [
    ...CASES.map((c) => ["sig-require", c] as const),
    ...STATIC_CASES.map((c) => ["sig-require-static", c] as const),
  ].map(([endpoint, c]) => [c.label, endpoint, c] as const);

  it.each(all)("%s: 200 when valid, else 401 signature_invalid and still recorded", async (_l, ep, c) => {
    const { res, stored } = await deliver(ep, c);
    expect(stored.signature?.verdict).toBe(c.verdict);
    if (c.verdict === "valid") {
      expect(res.status).toBe(200);
      return;
    }
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe("signature_invalid");
    expect(stored).toMatchObject({ status: 401, note: "require-signature" });
  });
});

describe("endpoints without a secret", () => {
  it("store no signature check, and list under sig=none", async () => {
    const { stored } = await deliver("sig-none", CASES[0] as Case);
    expect(stored.signature ?? null).toBeNull();
    expect(stored.sig).toBeUndefined();
    const page = (await (
      await fetch(`${server.console}/api/deliveries?endpoint=sig-none&sig=none`)
    ).json()) as Page<DeliverySummary>;
    expect(page.items.map((d) => d.id)).toEqual([stored.id]);
  });

  it("store an OIDC bearer token's claims, unverified", async () => {
    const part = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const token = `${part({ alg: "RS256" })}.${part({
      iss: "https://accounts.google.com",
      aud: "https://example.test/push",
      sub: "1234567890",
      email: "pusher@project.iam.gserviceaccount.com",
      exp: 4_000_000_000,
    })}.c2ln`;
    const res = await send(`${server.https}/hooks/sig-bearer`, {
      ca: server.ca,
      body: "{}",
      headers: { authorization: `Bearer ${token}` },
    });
    const id = String(res.headers["x-quayside-delivery"]);
    const stored = (await (await fetch(`${server.console}/api/deliveries/${id}`)).json()) as DeliveryDetail;
    expect(stored.bearer).toMatchObject({
      issuer: "https://accounts.google.com",
      audience: "https://example.test/push",
      email: "pusher@project.iam.gserviceaccount.com",
      expired: false,
      note: expect.stringMatching(/not checked/),
    });
  });
});

describe("the sig= filter", () => {
  it("narrows the list to bad signatures, or to one verdict", async () => {
    await putEndpoint("sig-filter", { signature: { secret: SECRET, mode: "report" } });
    const good = (await deliver("sig-filter", CASES[0] as Case)).stored;
    const bad = (await deliver("sig-filter", CASES[1] as Case)).stored;
    const missing = (await deliver("sig-filter", CASES[2] as Case)).stored;
    const list = async (sig: string) =>
      (
        (await (
          await fetch(`${server.console}/api/deliveries?endpoint=sig-filter&sig=${sig}`)
        ).json()) as Page<DeliverySummary>
      ).items.map((d) => d.id);
    expect(await list("bad")).toEqual([missing.id, bad.id]);
    expect(await list("valid")).toEqual([good.id]);
    expect(await list("invalid")).toEqual([bad.id]);
  });
});
