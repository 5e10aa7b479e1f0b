import { useTheme } from "@mui/material/styles";
import type { ExecutionStatus } from "../../api/executions";

type PaletteKey = "success" | "warning" | "error" | "info" | "secondary" | "grey";

const COLOURS: Record<ExecutionStatus, PaletteKey> = {
  completed: "success",
  completed_with_differences: "warning",
  failed: "error",
  interrupted: "secondary",
  cancelled: "grey",
  running: "info",
  queued: "grey",
};

/**
 * Charts animate on mount; a browser under test (navigator.webdriver) and anyone who asks for
 * reduced motion get the final frame at once (a screenshot once caught a half-drawn chart).
 */
export const ANIMATE =
  !globalThis.navigator.webdriver && !globalThis.matchMedia("(prefers-reduced-motion: reduce)").matches;

/** The theme's palette (CSS variables when the theme has them) and each status's colour in it. */
export function useChartPalette() {
  const theme = useTheme();
  const palette = theme.vars?.palette ?? theme.palette;
  const statusColour = (status: ExecutionStatus): string => {
    const key = COLOURS[status];
    if (key === "grey") return status === "queued" ? palette.grey[400] : palette.grey[600];
    return palette[key].main;
  };
  return { palette, statusColour };
}
