// Endpoint settings as the store keeps them: one entry per name (a save replaces it), sorted by
// name, removal of one name only, and the bounded memory of names seen without settings.
import { Low, Memory } from "lowdb";
import { describe, expect, it } from "vitest";
import type { EndpointSettings } from "../../server/contract/index.ts";
import { defaultEndpoint } from "../../server/core/endpoints.ts";
import { endpointSettings, MAX_SEEN_ENDPOINTS } from "../../server/store/endpoints.ts";

function settings() {
  let writes = 0;
  const db = new Low<{ endpoints: EndpointSettings[] }>(new Memory(), { endpoints: [] });
  const write = db.write.bind(db);
  db.write = () => {
    writes += 1;
    return write();
  };
  return { endpoints: endpointSettings(db, (fn) => fn()), writes: () => writes };
}

const names = (list: EndpointSettings[]) => list.map((e) => e.name);

describe("endpoint settings in the store", () => {
  it("keeps one entry per name, sorted, and a save replaces the old one", async () => {
    const { endpoints, writes } = settings();
    await endpoints.put(defaultEndpoint("staging", "report"));
    await endpoints.put(defaultEndpoint("ci", "report"));
    await endpoints.put(defaultEndpoint("staging", "require"));
    expect(names(endpoints.list())).toEqual(["ci", "staging"]);
    expect(endpoints.get("staging")?.clientCert.mode).toBe("require");
    expect(writes()).toBe(3);
  });

  it("removes only the name asked for, and says whether it was there", async () => {
    const { endpoints } = settings();
    await endpoints.put(defaultEndpoint("a", "report"));
    await endpoints.put(defaultEndpoint("b", "report"));
    expect(await endpoints.remove("a")).toBe(true);
    expect(names(endpoints.list())).toEqual(["b"]);
    expect(endpoints.get("a")).toBeUndefined();
    expect(await endpoints.remove("a")).toBe(false);
    expect(names(endpoints.list())).toEqual(["b"]);
  });

  it("sees a new name once, forgets the oldest past the cap, and never counts a configured one", async () => {
    const { endpoints } = settings();
    await endpoints.put(defaultEndpoint("set", "report"));
    expect(endpoints.see("set")).toBe(false);
    expect(endpoints.see("n0")).toBe(true);
    expect(endpoints.see("n0")).toBe(false);
    for (let i = 1; i < MAX_SEEN_ENDPOINTS; i++) endpoints.see(`n${i}`);
    expect(endpoints.seenCount()).toBe(MAX_SEEN_ENDPOINTS);
    endpoints.see("n0"); // seen again: now the newest
    endpoints.see("one-more");
    expect(endpoints.seenCount()).toBe(MAX_SEEN_ENDPOINTS);
    expect(endpoints.see("n0")).toBe(false);
    expect(endpoints.see("n1")).toBe(true); // the oldest was forgotten
  });
});
