import { describe, expect, it } from "vitest";
import { loginPath, safeNextPath } from "./nextPath";

describe("the sign-in page's way back", () => {
  it("accepts paths of this app only", () => {
    expect(safeNextPath("/history?status=failed#x")).toBe("/history?status=failed#x");
    expect(safeNextPath(null)).toBe("/");
    expect(safeNextPath("https://evil.example/")).toBe("/");
    expect(safeNextPath("//evil.example/")).toBe("/");
    expect(safeNextPath("/\\evil.example")).toBe("/");
    expect(safeNextPath("/logout")).toBe("/");
  });

  it("builds the sign-in address with where to return and why", () => {
    expect(loginPath("/", null)).toBe("/login");
    expect(loginPath("/history", "expired")).toBe("/login?next=%2Fhistory&reason=expired");
  });
});
