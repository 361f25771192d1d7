// The outbound client against a real server on 127.0.0.1: requests go through the agent given,
// a redirect is the answer (never followed), refused targets are never reached.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutbound } from "../../server/outbound/index.ts";

describe("outbound client", () => {
  let base = "";
  const server = createServer((req, res) => {
    if (req.url === "/moved") {
      res.writeHead(302, { location: "/final" }).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/plain" }).end(`${req.method} ${req.url}`);
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends through the agent it is given and shows a redirect as the answer", async () => {
    const out = createOutbound();
    try {
      const ok = await out.request(new URL(`${base}/hook`), { method: "POST", body: "x" }, out.agentFor({}));
      expect([ok.statusCode, await ok.body.text()]).toEqual([200, "POST /hook"]);
      const moved = await out.request(new URL(`${base}/moved`), { method: "GET" }, out.agentFor({}));
      expect(moved.statusCode).toBe(302);
      expect(moved.headers.location).toBe("/final");
      await moved.body.dump();
      const fresh = out.freshAgent({});
      const viaFresh = await out.request(new URL(`${base}/f`), { method: "GET" }, fresh);
      expect(await viaFresh.body.text()).toBe("GET /f");
      await fresh.close();
    } finally {
      await out.close();
    }
  });

  it("refuses a forbidden IP literal before connecting", async () => {
    const out = createOutbound();
    try {
      await expect(
        out.request(new URL("http://[::ffff:169.254.169.254]/"), { method: "GET" }, out.agentFor({})),
      ).rejects.toMatchObject({ code: "EFORBIDDENADDR" });
    } finally {
      await out.close();
    }
  });

  it("resolves names through the injected lookup, and refuses one that resolves to metadata", async () => {
    const port = new URL(base).port;
    const out = createOutbound({
      lookup: async (name) =>
        name === "hooks.test"
          ? [{ address: "127.0.0.1", family: 4 }]
          : [{ address: "169.254.169.254", family: 4 }],
    });
    try {
      const res = await out.request(
        new URL(`http://hooks.test:${port}/n`),
        { method: "GET" },
        out.agentFor({}),
      );
      expect(await res.body.text()).toBe("GET /n");
      await expect(
        out.request(new URL(`http://rebind.test:${port}/`), { method: "GET" }, out.agentFor({})),
      ).rejects.toMatchObject({
        code: "EFORBIDDENADDR",
        message: "rebind.test resolves to 169.254.169.254, a link-local/cloud-metadata address",
      });
    } finally {
      await out.close();
    }
  });
});
