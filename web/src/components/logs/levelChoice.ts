import type { LogFilter, LogLevel } from "../../api/logs";

/** The level select's one value for the API's two parameters: `eq:<level>` or `min:<level>`. */
export type LevelChoice = "" | `eq:${LogLevel}` | `min:${LogLevel}`;

export const LEVEL_CHOICES: readonly { value: LevelChoice; label: string }[] = [
  { value: "", label: "All levels" },
  { value: "min:info", label: "Info and above" },
  { value: "min:warning", label: "Warnings and errors" },
  { value: "eq:debug", label: "Debug only" },
  { value: "eq:info", label: "Info only" },
  { value: "eq:warning", label: "Warnings only" },
  { value: "eq:error", label: "Errors only" },
];

/** The choice showing `filter`'s levels (an exact level wins when a hand-made URL has both). */
export function levelChoice(filter: LogFilter): LevelChoice {
  if (filter.level) return `eq:${filter.level}`;
  // Of "debug and above" and "error and above" the list has the equivalents "all" and "errors only".
  if (filter.min_level === "debug") return "";
  if (filter.min_level === "error") return "eq:error";
  if (filter.min_level) return `min:${filter.min_level}`;
  return "";
}

/** `filter` with its levels set from `choice` (the other parameter cleared). */
export function withLevelChoice(filter: LogFilter, choice: LevelChoice): LogFilter {
  const [kind, level] = choice.split(":") as ["eq" | "min" | "", LogLevel | undefined];
  return {
    ...filter,
    level: kind === "eq" ? level : undefined,
    min_level: kind === "min" ? level : undefined,
  };
}
