import { describe, expect, it } from "vitest";
import { LEVEL_CHOICES, levelChoice, withLevelChoice } from "./levelChoice";
import { fromLocalInput, toLocalInput } from "./timeInput";

describe("the level select", () => {
  it("maps its choices onto the API's level and min_level", () => {
    expect(withLevelChoice({ search: "x", level: "info" }, "min:warning")).toEqual({ search: "x", level: undefined, min_level: "warning" });
    expect(withLevelChoice({ min_level: "warning" }, "eq:error")).toEqual({ level: "error", min_level: undefined });
    expect(withLevelChoice({ level: "error" }, "")).toEqual({ level: undefined, min_level: undefined });
  });

  it("shows a choice of its list for every URL", () => {
    const values = LEVEL_CHOICES.map((choice) => choice.value);
    for (const filter of [{}, { level: "debug" as const }, { min_level: "debug" as const }, { min_level: "error" as const }, { min_level: "info" as const }]) {
      expect(values).toContain(levelChoice(filter));
    }
    expect(levelChoice({ level: "info", min_level: "warning" })).toBe("eq:info");
  });
});

describe("the time inputs", () => {
  it("convert between the input's local time and UTC", () => {
    const iso = fromLocalInput("2026-12-01T10:30");
    expect(iso).toBe(new Date(2026, 11, 1, 10, 30).toISOString());
    expect(toLocalInput(iso)).toBe("2026-12-01T10:30");
    expect(toLocalInput(new Date(2026, 11, 1, 10, 30, 15).toISOString())).toBe("2026-12-01T10:30:15");
    expect(fromLocalInput("")).toBeUndefined();
    expect(toLocalInput("nonsense")).toBe("");
  });
});
