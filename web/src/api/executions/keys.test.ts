import { describe, expect, it } from "vitest";
import { executionKeys } from "./keys";

function isUnder(key: readonly unknown[], prefix: readonly unknown[]): boolean {
  return prefix.every((part, index) => JSON.stringify(part) === JSON.stringify(key[index]));
}

describe("executionKeys", () => {
  it("nest a run's operations and log lines under its detail, so the run's end refreshes them", () => {
    const failed = executionKeys.operations("e1", { status: "failed", page: 2 });
    expect(failed).toEqual(["executions", "detail", "e1", "operations", { status: "failed", page: 2 }]);
    expect(isUnder(failed, executionKeys.detail("e1"))).toBe(true);
    expect(isUnder(executionKeys.logs("e1", 500), executionKeys.detail("e1"))).toBe(true);
    expect(isUnder(executionKeys.logs("e1", 500), executionKeys.detail("e2"))).toBe(false);
    expect(isUnder(failed, executionKeys.lists())).toBe(false);
  });
});
