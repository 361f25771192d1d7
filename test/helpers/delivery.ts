// Builds DeliveryDetail objects for tests and the benchmark, overridable field by field.
import type { DeliveryDetail } from "../../server/contract/index.ts";

export interface DeliveryInput extends Partial<DeliveryDetail> {
  /** Shortcut for body: { text }. */
  text?: string;
  /** Shortcut for body: { base64 } from raw bytes. */
  bytes?: Buffer;
}

let seq = 0;

/** A Quay repo_push delivery over TLS with a client certificate, overridable field by field. */
export function makeDelivery(input: DeliveryInput = {}): DeliveryDetail {
  const { text, bytes, ...over } = input;
  seq += 1;
  const id = over.id ?? `d${seq}`;
  const raw = bytes ?? Buffer.from(text ?? '{"repository":"ns/repo"}', "utf8");
  const body = bytes ? { base64: bytes.toString("base64") } : { text: raw.toString("utf8") };
  const size = raw.length;
  return {
    id,
    seq,
    receivedAt: "2025-05-01T10:00:00.000Z",
    endpoint: "ci",
    method: "POST",
    path: "/hooks/ci/quay/repo_push",
    registry: "quay",
    event: "repo_push",
    detection: "pinned",
    validity: "valid",
    issueCount: 0,
    repository: "ns/repo",
    tag: "latest",
    digest: null,
    status: 200,
    size,
    clientCert: { presented: true, verdict: "trusted" },
    chain: { id: "c1", attempt: 1 },
    replayOf: null,
    query: "",
    headers: [
      ["Host", "localhost:8443"],
      ["Content-Type", "application/json"],
      ["User-Agent", "python-requests/2.31"],
    ],
    body,
    remote: { address: "127.0.0.1", port: 50000 },
    scheme: "https",
    tls: {
      protocol: "TLSv1.3",
      cipher: "TLS_AES_256_GCM_SHA384",
      servername: "localhost",
      clientCert: {
        presented: true,
        verdict: "trusted",
        reason: null,
        authorized: true,
        authorizationError: null,
        details: null,
      },
    },
    validation: { validity: "valid", issues: [] },
    response: {
      status: 200,
      headers: [["content-type", "application/json"]],
      body: `{"ok":true,"delivery":"${id}"}`,
      delayMs: 0,
      action: "respond",
      rule: null,
    },
    replays: [],
    timings: { receivedMs: 1_746_093_600_000, storedMs: 1_746_093_600_004 },
    ...over,
  };
}
