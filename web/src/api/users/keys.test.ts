import { describe, expect, it } from "vitest";
import { logKeys } from "../logs/keys";
import { settingsKeys } from "../settings/keys";
import { userKeys } from "./keys";

/** A key is "under" another when the other is its prefix: invalidating the prefix reaches it. */
function isUnder(key: readonly unknown[], prefix: readonly unknown[]): boolean {
  return prefix.every((part, index) => JSON.stringify(part) === JSON.stringify(key[index]));
}

describe("the keys of users, settings and logs", () => {
  it("nest lists under their resource, one root each", () => {
    expect(userKeys.list({ limit: 500 })).toEqual(["users", "list", { limit: 500 }]);
    expect(isUnder(userKeys.list({ limit: 500 }), userKeys.lists())).toBe(true);
    expect(settingsKeys.detail()).toEqual(["settings", "detail"]);
    const logs = logKeys.list({ level: "error", page: 1 });
    expect(isUnder(logs, logKeys.lists())).toBe(true);
    expect(logKeys.list({ level: "error", page: 1 })).not.toEqual(logKeys.list({ level: "info", page: 1 }));
    expect(new Set([userKeys.all[0], settingsKeys.all[0], logKeys.all[0]]).size).toBe(3);
  });
});
