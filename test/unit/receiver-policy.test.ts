// The receiver's policy checks and held-connection cap, in-process: each check alone, the order
// refusal asks them in, and what the cap does to delays and hangs.
import { describe, expect, it } from "vitest";
import { ERROR_CODES, type TlsInfo } from "../../server/contract/index.ts";
import type { Answer } from "../../server/receiver/delivery.ts";
import {
  bodySize,
  browserOrigin,
  clientCert,
  decodeLimit,
  refusal,
  signatureRequired,
} from "../../server/receiver/policy.ts";
import { responseFor } from "../../server/receiver/record.ts";
import { capHeld, createHeldSlots, HELD_CAP_NOTE } from "../../server/receiver/respond.ts";
import {
  admitInputOf as admit,
  readBodyOf as body,
  RESPOND_200 as respond,
} from "../helpers/receiver-inputs.ts";

const tls = (verdict: TlsInfo["clientCert"]["verdict"]): TlsInfo => ({
  protocol: "TLSv1.3",
  cipher: "TLS_AES_128_GCM_SHA256",
  servername: "localhost",
  clientCert: {
    presented: verdict !== "none",
    verdict,
    reason: "self-signed",
    authorized: false,
    authorizationError: null,
    details: null,
  },
});

describe("policy checks", () => {
  it("each answers nothing for an ordinary registry delivery", () => {
    for (const check of [browserOrigin, bodySize, decodeLimit, clientCert, signatureRequired]) {
      expect(check(admit())).toBeNull();
    }
    expect(refusal(admit())).toBeNull();
  });

  it("refuses a web page's request with 403 browser-origin", () => {
    const refused = browserOrigin(admit({ origin: "http://evil.example" }));
    expect(refused?.note).toBe("browser-origin");
    expect(refused?.response.status).toBe(403);
    expect(JSON.parse(refused?.response.body ?? "{}").error.code).toBe(ERROR_CODES.BROWSER_ORIGIN);
  });

  it("refuses a body over the limit with 413 and closes the connection after the answer", () => {
    const refused = bodySize(admit({ body: body({ tooLarge: true, raw: Buffer.alloc(0) }) }));
    expect(refused?.response.status).toBe(413);
    expect(refused?.response.headers).toContainEqual(["connection", "close"]);
    expect(refused?.response.body).toContain("1024 bytes");
  });

  it("refuses a decoded body over the limit but records a merely undecodable one", () => {
    const bomb = body({ decodeError: "decoded body exceeds the body limit of 1024 bytes" });
    expect(decodeLimit(admit({ body: bomb }))?.response.status).toBe(413);
    expect(decodeLimit(admit({ body: body({ decodeError: "cannot gzip-decode the body" }) }))).toBeNull();
  });

  it("asks for a certificate (401) or refuses an untrusted one (403) only in require mode", () => {
    expect(clientCert(admit({ certMode: "require" }))?.response.status).toBe(401);
    expect(clientCert(admit({ certMode: "require", tls: tls("untrusted") }))?.response.status).toBe(403);
    expect(clientCert(admit({ certMode: "require", tls: tls("pinned") }))).toBeNull();
    expect(clientCert(admit({ certMode: "report", tls: tls("untrusted") }))).toBeNull();
  });

  it("refuses an unsigned or badly signed delivery with 401 only in require mode", () => {
    const check = (verdict: "valid" | "invalid" | "missing" | "unsigned", mode: "report" | "require") =>
      signatureRequired(admit({ signature: { check: { scheme: "x", verdict, reason: "" }, mode } }));
    expect(check("invalid", "require")?.response.status).toBe(401);
    expect(check("missing", "require")?.note).toBe("require-signature");
    expect(check("valid", "require")).toBeNull();
    expect(check("invalid", "report")).toBeNull();
  });

  it("gives the first refusal in order: origin before size before certificate", () => {
    const all = admit({
      origin: "http://evil.example",
      body: body({ tooLarge: true }),
      certMode: "require",
    });
    expect(refusal(all)?.note).toBe("browser-origin");
    expect(refusal({ ...all, origin: undefined })?.note).toBe("too-large");
    expect(refusal({ ...all, origin: undefined, body: body() })?.note).toBe("require-cert");
  });
});

describe("held-connection cap", () => {
  const delayed = (): Answer => ({
    response: responseFor({ ...respond, delayMs: 500 }, "d1"),
    proxied: null,
    held: false,
  });

  it("takes a slot for a delay and answers at once, noting the cap, when none is left", () => {
    const slots = createHeldSlots(1);
    const first = capHeld(delayed(), slots, "d1");
    expect(first).toMatchObject({ held: true, response: { delayMs: 500 } });
    const second = capHeld(delayed(), slots, "d2");
    expect(second).toMatchObject({ held: false, note: HELD_CAP_NOTE, response: { delayMs: 0, status: 200 } });
    slots.release();
    expect(capHeld(delayed(), slots, "d3").held).toBe(true);
  });

  it("answers a hang past the cap with 503 and Retry-After", () => {
    const slots = createHeldSlots(0);
    const hang = responseFor({ action: "hang", rule: null } as never, "d1");
    const answer = capHeld({ response: hang, proxied: null, held: false }, slots, "d1");
    expect(answer.response.status).toBe(503);
    expect(answer.response.headers).toContainEqual(["retry-after", "1"]);
  });

  it("leaves an immediate answer alone and takes no slot", () => {
    const slots = createHeldSlots(1);
    const now = { response: responseFor(respond, "d1"), proxied: null, held: false };
    expect(capHeld(now, slots, "d1")).toBe(now);
    expect(slots.inUse()).toBe(0);
  });
});
