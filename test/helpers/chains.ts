// Chain tests' shared set-up: fixed sender profiles and one delivery through the tracker.
import type { RegistryId, SenderProfile } from "../../server/contract/types.ts";
import type { ChainTracker } from "../../server/core/chains/index.ts";

export function profile(
  registry: RegistryId,
  over: Partial<SenderProfile>,
  retry: Partial<SenderProfile["retry"]>,
): SenderProfile {
  return {
    registry,
    timeoutMs: 10_000,
    success: "2xx",
    retry: { attempts: 3, intervalsMs: [30_000, 30_000], tolerance: 0.2, description: "", ...retry },
    clientCert: "",
    userAgent: "",
    contentType: "application/json",
    warnings: [],
    source: "documented",
    ...over,
  };
}

/** Fixed schedules, so the expectations below do not move when the catalog's numbers are tuned. */
export const PROFILES: Partial<Record<RegistryId, SenderProfile>> = {
  quay: profile("quay", {}, {}),
  distribution: profile(
    "distribution",
    { timeoutMs: 1000, success: "2xx-3xx" },
    { attempts: null, intervalsMs: [...Array(9).fill(0), 1000], tolerance: 0.5 },
  ),
  harbor: profile("harbor", { timeoutMs: 3000 }, { intervalsMs: [45_000, 75_000], tolerance: 0.7 }),
  dtr: profile("dtr", { source: "measured-only" }, { attempts: null, intervalsMs: [] }),
};

export const T0 = Date.parse("2025-05-01T10:00:00.000Z");
let nextId = 0;

export interface Push {
  endpoint?: string;
  key?: string;
  registry?: RegistryId | null;
  event?: string | null;
  at: number;
  status: number;
  hung?: boolean;
  delayMs?: number;
}

/** One delivery through the tracker, as the receiver does it: assign, answer, record. */
export function deliver(tracker: ChainTracker, push: Push) {
  const endpoint = push.endpoint ?? "ci";
  const registry = push.registry === undefined ? "quay" : push.registry;
  const assigned = tracker.assign({ endpoint, key: push.key ?? "k1", registry, at: push.at });
  const deliveryId = `d${++nextId}`;
  tracker.record({
    ...assigned,
    deliveryId,
    at: push.at,
    status: push.status,
    registry,
    event: push.event === undefined ? "repo_push" : push.event,
    endpoint,
    hung: push.hung,
    delayMs: push.delayMs,
  });
  return { ...assigned, deliveryId };
}
