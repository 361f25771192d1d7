// Fills a data dir with N stored deliveries through the real store (as if received).
import { createStore } from "../../server/store/index.ts";
import type { NewDelivery } from "../../server/store/types.ts";
import { makeDelivery } from "../helpers/delivery.ts";

/** A ~1.5 KB Quay repo_push-like body. */
export function sampleBody(): string {
  return JSON.stringify({
    name: "repository",
    repository: "mynamespace/repository",
    namespace: "mynamespace",
    docker_url: "quay.example.com/mynamespace/repository",
    homepage: "https://quay.example.com/repository/mynamespace/repository",
    updated_tags: ["latest", "v1.2.3", "v1.2", "v1"],
    pushed_image_count: 4,
    prune: { policy: "none", note: "x".repeat(900) },
    visibility: "private",
    event: { time: new Date().toISOString(), id: "bench" },
  });
}

/** Fills `dir` with `count` deliveries of `body`; `bodyOf(i)` may give delivery i a body of its own. */
export async function fillStore(
  dir: string,
  count: number,
  body: string,
  bodyOf: (i: number) => string | undefined = () => undefined,
): Promise<void> {
  const store = await createStore({ dir, retention: count + 1000 });
  const batch = 2000;
  for (let i = 0; i < count; i += batch) {
    const adds: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(count, i + batch); j++) adds.push(store.add(delivery(j, bodyOf(j) ?? body)));
    await Promise.all(adds);
  }
  await store.close();
}

function delivery(i: number, body: string): NewDelivery {
  const text = body.replace("bench", `fill-${i}`);
  return makeDelivery({
    id: `fill${i}`,
    receivedAt: new Date(Date.now() - 1000 * (100_000 - i)).toISOString(),
    endpoint: i % 3 ? "ci" : "staging",
    text,
    size: text.length,
    tls: null,
    clientCert: { presented: false, verdict: "none" },
    chain: { id: `c${i}`, attempt: 1 },
  });
}
