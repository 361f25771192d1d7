// An endpoint's settings as the console saves them and the receiver applies them: response
// rules (when / schedule / answer), forwarding, client-certificate policy, secret, validation.
import type { RegistryId } from "./registries.ts";
import type { ClientCertMode, SignatureSettings, ValidationMode } from "./types.ts";

export type Schedule =
  | { kind: "always" }
  | { kind: "first"; n: number }
  | { kind: "sequence"; statuses: number[] }
  | { kind: "every"; n: number }
  | { kind: "probability"; p: number; seed?: number };

export type RuleResponse =
  | { status: number; headers?: Record<string, string>; body?: string; delayMs?: number }
  | { action: "hang" }
  | { action: "reset" };

export interface Rule {
  when?: { registry?: RegistryId; event?: string; repository?: string; attempt?: number };
  schedule?: Schedule;
  respond: RuleResponse;
}

/** Where an endpoint's deliveries also go (mirror) or get their answer from (proxy). */
export interface ForwardSettings {
  /** An http(s) URL the address guard allows. */
  url: string;
  mode: "mirror" | "proxy";
  /** Present Quayside's client certificate to the target (as a registry with mTLS would). */
  clientCert?: boolean;
}

export interface EndpointSettings {
  name: string;
  registry?: RegistryId;
  event?: string;
  clientCert: { mode: ClientCertMode; pins: string[] };
  rules: Rule[];
  forward?: ForwardSettings;
  signature?: SignatureSettings;
  /** Absent means "lenient". */
  validation?: ValidationMode;
}

export interface EndpointView extends EndpointSettings {
  count: number;
  urls: { https: string[]; http: string[] };
}
