import { describe, expect, it } from "vitest";
import { authKeys } from "./auth/keys";
import { endpointKeys } from "./endpoints/keys";
import { executionKeys } from "./executions/keys";
import { statsKeys } from "./stats/keys";

/** A key is "under" another when the other is its prefix: invalidating the prefix reaches it. */
function isUnder(key: readonly unknown[], prefix: readonly unknown[]): boolean {
  return prefix.every((part, index) => JSON.stringify(part) === JSON.stringify(key[index]));
}

describe("query-key factories", () => {
  it("nest executions: all → lists → list(filter), all → details → detail(id)", () => {
    const list = executionKeys.list({ status: "failed", page: 2 });
    expect(list).toEqual(["executions", "list", { status: "failed", page: 2 }]);
    expect(isUnder(list, executionKeys.lists())).toBe(true);
    expect(isUnder(executionKeys.detail("e1"), executionKeys.details())).toBe(true);
    expect(isUnder(executionKeys.detail("e1"), executionKeys.lists())).toBe(false);
    expect(isUnder(executionKeys.lists(), executionKeys.all)).toBe(true);
  });

  it("nest endpoints the same way", () => {
    expect(endpointKeys.list({ status: "offline", limit: 1 })).toEqual([
      "endpoints",
      "list",
      { status: "offline", limit: 1 },
    ]);
    expect(endpointKeys.detail("x")).toEqual(["endpoints", "detail", "x"]);
    expect(isUnder(endpointKeys.list({}), endpointKeys.all)).toBe(true);
  });

  it("keep stats windows apart and under one prefix", () => {
    expect(statsKeys.summary(30)).toEqual(["stats", "summary", { days: 30 }]);
    expect(statsKeys.summary(7)).not.toEqual(statsKeys.summary(30));
    expect(isUnder(statsKeys.summary(7), statsKeys.summaries())).toBe(true);
  });

  it("give auth its own keys", () => {
    expect(authKeys.status()).toEqual(["auth", "status"]);
    expect(authKeys.me()).toEqual(["auth", "me"]);
  });

  it("never share a root between resources", () => {
    const roots = [authKeys.all, endpointKeys.all, executionKeys.all, statsKeys.all].map((key) => key[0]);
    expect(new Set(roots).size).toBe(roots.length);
  });
});
