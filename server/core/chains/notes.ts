// What each sender does next with a chain's outcome, in plain words (REPORT.md §2.3, §4.1-4.2, §5.1, §3.3).

import type { ChainView, RegistryId, SenderProfile } from "../../contract/types.ts";
import { REGISTRY_LABELS } from "../../contract/types.ts";
import { isFinal } from "../catalog/profiles.ts";
import { formatMs } from "./format.ts";
import type { ChainRecord } from "./view.ts";

/** Senders whose users redeliver by hand with the same delivery id (more/REPORT.md §5.2, §6.2). */
export const MANUAL_REDELIVERY: ReadonlySet<RegistryId> = new Set(["github", "gitea"]);

/** Notes about the sender's behaviour that the attempts alone do not show. */
export function outcomeNotes(
  record: ChainRecord,
  profile: SenderProfile | undefined,
  outcome: ChainView["outcome"],
): string[] {
  if (!profile) {
    return ["sender unknown: pin the endpoint to a registry (/hooks/<name>/<registry>/<event>) to compare"];
  }
  const label = REGISTRY_LABELS[profile.registry];
  const notes: string[] = [];
  // A forced delay past the sender's timeout: the registry never saw our status (SPEC §4).
  record.attempts.forEach((a, i) => {
    if (a.hung) {
      notes.push(
        `attempt ${i + 1} was held until ${label} gave up: it saw a timeout after ${formatMs(profile.timeoutMs)}`,
      );
    } else if ((a.delayMs ?? 0) > profile.timeoutMs) {
      notes.push(
        `attempt ${i + 1} was answered after ${formatMs(a.delayMs ?? 0)}, past ${label}'s ${formatMs(profile.timeoutMs)} timeout: it saw a timeout, not the ${a.status}`,
      );
    }
  });
  const redirected = record.attempts.some((a) => a.status >= 300 && a.status < 400);
  if (redirected) {
    notes.push(
      profile.success === "2xx-3xx"
        ? `${label} counts 3xx as success (after following redirects)`
        : `${label} counts only 2xx as success: a 3xx it cannot follow is a failure`,
    );
  }
  if (profile.source === "measured-only") {
    notes.push(`${label} does not document retries: these attempts are the measurement`);
    return notes;
  }
  if (MANUAL_REDELIVERY.has(profile.registry) && record.attempts.length > 1) {
    // GitHub and Gitea never retry on their own: a second attempt of the same delivery is a person
    notes.push(
      `${label} does not retry: attempts after the first are manual redeliveries of the same delivery`,
    );
  }
  if (outcome === "delivered") return notes;
  const final = record.attempts.find((a) => isFinal(profile, a.status));
  if (final) {
    // EventBridge: 1xx-4xx other than 429 are not retried (more/REPORT.md §9.2)
    notes.push(`${label} does not retry a ${final.status}: only 429, 5xx and timeouts are retried`);
    return notes;
  }
  switch (profile.registry) {
    case "quay":
      // number_of_failures >= 3 hides the notification from the worker (REPORT.md §2.3).
      notes.push(
        `Quay disables this notification after ${profile.retry.attempts ?? 3} consecutive failures: ` +
          "re-enable it in the repository's notification settings",
      );
      break;
    case "distribution":
      // One in-memory queue per endpoint, sent serially, never dropped (REPORT.md §4.2).
      notes.push("distribution retries forever and queues later events to this endpoint behind this one");
      break;
    case "harbor":
      if (outcome === "gave-up") {
        notes.push(
          `Harbor gave up after ${profile.retry.attempts} attempts: the failed task and its log are in the project's Webhooks tab`,
        );
      }
      break;
    default:
      if (outcome === "gave-up") notes.push(`${label} gives up after ${profile.retry.attempts} attempts`);
  }
  return notes;
}
