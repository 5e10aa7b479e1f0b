import { describe, expect, it } from "vitest";
import { pageFileFor } from "./preload";

describe("pageFileFor", () => {
  it("finds the page of a section and of its subroutes", () => {
    expect(pageFileFor("/")).toBe("OverviewPage");
    expect(pageFileFor("/sessions")).toBe("SessionsPage");
    expect(pageFileFor("/sessions/new")).toBe("SessionEditorPage");
    expect(pageFileFor("/sessions/3f2a/edit")).toBe("SessionEditorPage");
    expect(pageFileFor("/endpoints/abc")).toBe("EndpointDetailPage");
  });

  it("finds nothing for a path no page shows", () => {
    expect(pageFileFor("/nowhere")).toBeNull();
    expect(pageFileFor("/login")).toBeNull();
  });
});
