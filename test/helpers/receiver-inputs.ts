// Inputs for in-process tests of the receiver's steps: a read body, a policy input, a rule's answer.

import type { ReadBody } from "../../server/receiver/body.ts";
import type { AdmitInput } from "../../server/receiver/policy.ts";

export const readBodyOf = (over: Partial<ReadBody> = {}): ReadBody => ({
  raw: Buffer.from("{}"),
  tooLarge: false,
  decoded: null,
  decodeError: null,
  ...over,
});

/** What an ordinary registry delivery gives the policy checks; `over` changes one thing. */
export const admitInputOf = (over: Partial<AdmitInput> = {}): AdmitInput => ({
  id: "d1",
  origin: undefined,
  body: readBodyOf(),
  bodyLimit: 1024,
  certMode: "report",
  tls: null,
  ...over,
});

/** The rules' plain 200. */
export const RESPOND_200 = {
  action: "respond",
  status: 200,
  headers: {},
  body: null,
  delayMs: 0,
  rule: null,
} as const;
