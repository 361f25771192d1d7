import { describe, expect, it } from "vitest";
import type { LiveMessage } from "../../server/contract/index.ts";
import { createHub, MAX_BATCH_MESSAGES } from "../../server/core/hub.ts";

const deleted = (id: string): LiveMessage => ({ type: "deleted", ids: [id] });
const nextTurn = () => new Promise((r) => setImmediate(r));

describe("live hub", () => {
  it("sends a message published alone as itself", async () => {
    const hub = createHub();
    const frames: string[] = [];
    hub.subscribe((json) => frames.push(json));
    hub.publish(deleted("a"));
    await nextTurn();
    expect(frames.map((f) => JSON.parse(f))).toEqual([{ type: "deleted", ids: ["a"] }]);
  });

  it("sends what is published in one turn as one batch frame, in order", async () => {
    const hub = createHub({ frameGapMs: 0 });
    const frames: string[] = [];
    hub.subscribe((json) => frames.push(json));
    for (const id of ["a", "b", "c"]) hub.publish(deleted(id));
    expect(frames).toHaveLength(0);
    await nextTurn();
    expect(frames).toHaveLength(1);
    expect(JSON.parse(frames[0] as string)).toEqual({
      type: "batch",
      messages: [deleted("a"), deleted("b"), deleted("c")],
    });
    hub.publish(deleted("d"));
    await nextTurn();
    expect(JSON.parse(frames[1] as string)).toEqual(deleted("d"));
  });

  it("gathers a steady stream into a frame per gap, and sends the first after a pause at once", async () => {
    const hub = createHub({ frameGapMs: 60 });
    const frames: unknown[] = [];
    hub.subscribe((json) => frames.push(JSON.parse(json)));
    hub.publish(deleted("a"));
    await nextTurn();
    expect(frames).toEqual([deleted("a")]);
    hub.publish(deleted("b"));
    await nextTurn();
    hub.publish(deleted("c"));
    await nextTurn();
    expect(frames).toHaveLength(1); // within the gap: b and c wait for the next frame
    await new Promise((r) => setTimeout(r, 80));
    expect(frames).toEqual([deleted("a"), { type: "batch", messages: [deleted("b"), deleted("c")] }]);
    await new Promise((r) => setTimeout(r, 80));
    hub.publish(deleted("d"));
    await nextTurn();
    expect(frames).toHaveLength(3);
    expect(frames[2]).toEqual(deleted("d"));
  });

  it("never keeps the process alive for a frame waiting for its gap", async () => {
    const hub = createHub({ frameGapMs: 5_000 });
    const frames: string[] = [];
    hub.subscribe((json) => frames.push(json));
    hub.publish(deleted("a"));
    await nextTurn();
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timers();
    hub.publish(deleted("b")); // within the gap: waits on a timer
    await nextTurn();
    expect(frames).toHaveLength(1);
    expect(timers()).toBe(before);
  });

  it("splits a long burst into bounded frames and keeps connection events without subscribers", async () => {
    const hub = createHub();
    hub.publish({ type: "tls-error", at: "t", remote: "127.0.0.1:1", reason: "no shared cipher" });
    expect(hub.connectionEvents()).toHaveLength(1);
    const sizes: number[] = [];
    hub.subscribe((_json, messages) => sizes.push(messages.length));
    for (let i = 0; i < MAX_BATCH_MESSAGES + 3; i++) hub.publish(deleted(String(i)));
    await nextTurn();
    expect(sizes).toEqual([MAX_BATCH_MESSAGES, 3]);
  });
});
