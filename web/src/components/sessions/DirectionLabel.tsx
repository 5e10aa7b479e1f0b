import ArrowBackIcon from "@mui/icons-material/ArrowBack";
import ArrowForwardIcon from "@mui/icons-material/ArrowForward";
import SyncAltIcon from "@mui/icons-material/SyncAlt";
import Box from "@mui/material/Box";
import type { Direction } from "../../api/sessions";
import { DIRECTION_WORDS } from "./describe";

const ICONS = { source_to_dest: ArrowForwardIcon, dest_to_source: ArrowBackIcon, bidirectional: SyncAltIcon };

/** Which way files flow: an icon and the words (the icon is decoration). */
export function DirectionLabel({ direction }: { direction: Direction }) {
  const Icon = ICONS[direction];
  return (
    <Box component="span" sx={{ display: "inline-flex", alignItems: "center", gap: 0.5 }}>
      <Icon fontSize="small" aria-hidden color="action" />
      {DIRECTION_WORDS[direction]}
    </Box>
  );
}
