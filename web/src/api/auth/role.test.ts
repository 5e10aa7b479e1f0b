import { describe, expect, it } from "vitest";
import { roleAllows } from "./role";

describe("roleAllows", () => {
  it("lets a higher role do what a lower one may, never the reverse", () => {
    expect(roleAllows("admin", "operator")).toBe(true);
    expect(roleAllows("operator", "operator")).toBe(true);
    expect(roleAllows("operator", "admin")).toBe(false);
    expect(roleAllows("viewer", "operator")).toBe(false);
    expect(roleAllows("viewer", "viewer")).toBe(true);
  });
  it("allows nothing while no one is signed in", () => {
    expect(roleAllows(null, "viewer")).toBe(false);
  });
});
