import BrightnessAutoOutlined from "@mui/icons-material/BrightnessAutoOutlined";
import DarkModeOutlined from "@mui/icons-material/DarkModeOutlined";
import LightModeOutlined from "@mui/icons-material/LightModeOutlined";
import IconButton from "@mui/material/IconButton";
import { useColorScheme } from "@mui/material/styles";
import Tooltip from "@mui/material/Tooltip";

type Mode = "system" | "light" | "dark";

const NEXT: Record<Mode, Mode> = { system: "light", light: "dark", dark: "system" };
const WORDS: Record<Mode, string> = { system: "follows the system", light: "light", dark: "dark" };
const ICONS = { system: BrightnessAutoOutlined, light: LightModeOutlined, dark: DarkModeOutlined };

/** Cycles the colour theme: follow the system → light → dark → follow the system. */
export function ColorModeToggle() {
  const { mode, setMode } = useColorScheme();
  const current: Mode = mode ?? "system";
  const next = NEXT[current];
  const Icon = ICONS[current];
  const label = `Theme: ${WORDS[current]}. Switch to ${WORDS[next]}`;
  return (
    <Tooltip title={label}>
      <IconButton color="inherit" aria-label={label} onClick={() => { setMode(next); }}>
        <Icon />
      </IconButton>
    </Tooltip>
  );
}
