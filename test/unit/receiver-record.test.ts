import { describe, expect, it } from "vitest";
import { splitUrl } from "../../server/receiver/record.ts";

describe("splitUrl", () => {
  it("keeps the path and query exactly as the sender wrote them", () => {
    expect(splitUrl("/hooks/ci/quay/repo_push")).toEqual({ path: "/hooks/ci/quay/repo_push", query: "" });
    expect(splitUrl("/hooks/ci?status=503&delay=2000")).toEqual({
      path: "/hooks/ci",
      query: "?status=503&delay=2000",
    });
    expect(splitUrl("/hooks/a%2Fb?x=%20")).toEqual({ path: "/hooks/a%2Fb", query: "?x=%20" });
  });

  it("reads the path out of an absolute-form target", () => {
    expect(splitUrl("http://receiver.example:8080/hooks/ci?x=1")).toEqual({
      path: "/hooks/ci",
      query: "?x=1",
    });
  });
});
