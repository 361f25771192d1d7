// The receiver, the endpoints API and the send API accept and refuse the same endpoint names:
// the contract's one rule, answered with the same error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINT_NAME_RULE, MAX_ENDPOINT_NAME } from "../../server/contract/index.ts";
import { send } from "../helpers/clients.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
});

const longest = "n".repeat(MAX_ENDPOINT_NAME);
const tooLong = "n".repeat(MAX_ENDPOINT_NAME + 1);
const putJson = (name: string) =>
  fetch(`${server.console}/api/endpoints/${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: "{}",
  });

describe("one endpoint-name rule at every door", () => {
  it("takes a 64-character name at the receiver and the endpoints API", async () => {
    expect((await send(`${server.https}/hooks/${longest}`, { body: "{}", ca: server.ca })).status).toBe(200);
    expect((await putJson(longest)).status).toBe(200);
  });

  it("refuses a 65-character name at the receiver, the endpoints API and the send API alike", async () => {
    const received = await send(`${server.https}/hooks/${tooLong}`, { body: "{}", ca: server.ca });
    expect(received.status).toBe(400);
    expect(JSON.parse(received.body)).toEqual({
      error: { code: "bad_request", message: ENDPOINT_NAME_RULE },
    });

    const put = await putJson(tooLong);
    expect(put.status).toBe(400);
    expect(await put.json()).toEqual({ error: { code: "bad_request", message: ENDPOINT_NAME_RULE } });

    const sent = await fetch(`${server.console}/api/send`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ registry: "quay", event: "repo_push", to: { endpoint: tooLong } }),
    });
    expect(sent.status).toBe(400);
    expect(((await sent.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });
});
