// `quayside send` follows every sender's real retry behaviour over real HTTPS on 127.0.0.1: against
// an endpoint that always answers 500 each registry makes its documented number of attempts, and
// the chain Quayside builds from them shows that count and the sender's outcome. Against a 400,
// EventBridge stops at once while Pub/Sub keeps redelivering. Waits are scaled by 0.001.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSend } from "../../server/cli/send.ts";
import type { ChainView, RegistryId } from "../../server/contract/index.ts";
import { runQuayside } from "../helpers/child.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
});

/** Every answer of `endpoint` is `status`. */
async function alwaysAnswer(endpoint: string, status: number): Promise<void> {
  const put = await fetch(`${server.console}/api/endpoints/${endpoint}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ rules: [{ schedule: { kind: "always" }, respond: { status } }] }),
  });
  expect(put.status).toBe(200);
}

async function sendTo(
  endpoint: string,
  target: string,
  extra: { retry?: string; maxAttempts?: string } = {},
) {
  const run = await runSend({
    target,
    endpoint,
    console: server.console,
    certsDir: server.certsDir,
    timeScale: "0.001",
    json: true,
    ...extra,
  });
  const { attempts } = JSON.parse(run.output) as { attempts: { status: number | null; final?: boolean }[] };
  return {
    exitCode: run.exitCode,
    statuses: attempts.map((a) => a.status),
    final: attempts.flatMap((a, i) => (a.final ? [i + 1] : [])),
  };
}

async function chainsOf(endpoint: string): Promise<ChainView[]> {
  const res = await fetch(`${server.console}/api/chains?endpoint=${endpoint}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ChainView[];
}

/**
 * registry, sample, attempts against a 500, the chain's outcome. Undocumented senders (dtr,
 * dockerhub, artifactory, aliyun, chainguard) are simulated once and stay "failing": nobody knows
 * whether they retry. distribution and Pub/Sub retry until delivered: the simulator stops at 10.
 */
const CASES: [RegistryId, string, number, ChainView["outcome"]][] = [
  ["quay", "repo_push", 3, "gave-up"],
  ["dtr", "MANIFEST_PUSH", 1, "failing"],
  ["distribution", "push", 10, "failing"],
  ["harbor", "PUSH_ARTIFACT", 3, "gave-up"],
  ["dockerhub", "push", 1, "failing"],
  ["acr", "push", 1, "gave-up"],
  ["artifactory", "docker.pushed", 1, "failing"],
  ["nexus", "rm:repository:component", 1, "gave-up"],
  ["github", "package.published", 1, "gave-up"],
  ["gitea", "package.created", 1, "gave-up"],
  ["gitlab", "push", 11, "gave-up"],
  ["zot", "image.updated", 1, "gave-up"],
  ["gar", "INSERT", 10, "failing"],
  ["aliyun", "push", 1, "failing"],
  ["chainguard", "registry.push", 1, "failing"],
];

describe("quayside send against an endpoint that always answers 500", () => {
  it.each(CASES)("%s/%s makes %i attempt(s), one chain, %s", async (registry, event, count, outcome) => {
    const endpoint = `p500-${registry}`;
    await alwaysAnswer(endpoint, 500);
    const sent = await sendTo(endpoint, `${registry}/${event}`);
    expect(sent.exitCode).toBe(1);
    expect(sent.statuses).toEqual(Array(count).fill(500));

    const chains = await chainsOf(endpoint);
    expect(chains).toHaveLength(1);
    // the sample's headers came along: Nexus, GitHub, Zot and Chainguard are recognised by them
    expect(chains[0]?.registry).toBe(registry);
    expect(chains[0]?.attempts).toHaveLength(count);
    expect(chains[0]?.outcome).toBe(outcome);
  });

  it("caps EventBridge's 24-hour schedule at --max-attempts and keeps the chain failing", async () => {
    await alwaysAnswer("p500-ecr", 500);
    const sent = await sendTo("p500-ecr", "ecr/ECR Image Action", { maxAttempts: "6" });
    expect(sent.statuses).toEqual(Array(6).fill(500));
    const [chain, ...others] = await chainsOf("p500-ecr");
    expect(others).toEqual([]);
    expect(chain?.registry).toBe("ecr");
    expect(chain?.attempts).toHaveLength(6);
    expect(chain?.outcome).toBe("failing");
  });

  it("retries a Quay sample on GitLab's schedule with --retry gitlab", async () => {
    await alwaysAnswer("p500-quay-as-gitlab", 500);
    const sent = await sendTo("p500-quay-as-gitlab", "quay/repo_push", { retry: "gitlab" });
    expect(sent.statuses).toHaveLength(11);
  });
});

describe("quayside send against an endpoint that answers 400", () => {
  it("EventBridge (ecr) stops after one attempt: a 400 is final, and the chain gave up", async () => {
    await alwaysAnswer("p400-ecr", 400);
    const sent = await sendTo("p400-ecr", "ecr/ECR Image Action");
    expect(sent).toEqual({ exitCode: 1, statuses: [400], final: [1] });
    const chains = await chainsOf("p400-ecr");
    expect(chains.map((c) => [c.attempts.length, c.outcome])).toEqual([[1, "gave-up"]]);
    expect(chains[0]?.profile.notes).toContain(
      "AWS ECR (EventBridge) does not retry a 400: only 429, 5xx and timeouts are retried",
    );
  });

  it("Pub/Sub (gar) goes on redelivering the 400 until --max-attempts", async () => {
    await alwaysAnswer("p400-gar", 400);
    const sent = await sendTo("p400-gar", "gar/INSERT", { maxAttempts: "4" });
    expect(sent).toEqual({ exitCode: 1, statuses: [400, 400, 400, 400], final: [] });
    const chains = await chainsOf("p400-gar");
    expect(chains.map((c) => [c.attempts.length, c.outcome])).toEqual([[4, "failing"]]);
  });
});

describe("the quayside send command", () => {
  it("takes any registry for --retry and caps the schedule with --max-attempts", async () => {
    await alwaysAnswer("p500-cli", 503);
    const child = runQuayside([
      "send",
      "zot/image.updated",
      "--endpoint",
      "p500-cli",
      "--retry",
      "ecr",
      "--max-attempts",
      "3",
      "--time-scale",
      "0.001",
      "--console",
      server.console,
      "--certs",
      server.certsDir,
      "--json",
    ]);
    expect(await child.exited).toBe(1);
    const { attempts } = JSON.parse(child.output()) as { attempts: { status: number }[] };
    expect(attempts.map((a) => a.status)).toEqual([503, 503, 503]);
    const [chain] = await chainsOf("p500-cli");
    expect(chain?.registry).toBe("zot");
    expect(chain?.attempts).toHaveLength(3);
  });
});
