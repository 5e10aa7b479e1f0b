import Chip from "@mui/material/Chip";
import type { LogLevel } from "../../api/logs";

type ChipColor = "default" | "info" | "warning" | "error";

/** How each level reads and is coloured (theme colours, so both schemes keep their contrast). */
export const LEVEL_STYLE: Record<LogLevel, { label: string; color: ChipColor }> = {
  debug: { label: "Debug", color: "default" },
  info: { label: "Info", color: "info" },
  warning: { label: "Warning", color: "warning" },
  error: { label: "Error", color: "error" },
};

/** A log line's level as a small chip of fixed width, so messages line up. */
export function LevelChip({ level }: { level: LogLevel }) {
  const { label, color } = LEVEL_STYLE[level];
  return (
    <Chip
      size="small"
      label={label}
      color={color}
      variant={color === "default" ? "outlined" : "filled"}
      sx={{ width: 76, flexShrink: 0 }}
    />
  );
}
