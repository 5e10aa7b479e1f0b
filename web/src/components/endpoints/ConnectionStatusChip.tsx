import Chip from "@mui/material/Chip";
import { CONNECTION_STATUS, type ConnectionStatus } from "./status";

/** An endpoint's last known connection status as a coloured chip. */
export function ConnectionStatusChip({ status }: { status: ConnectionStatus }) {
  const { label, color } = CONNECTION_STATUS[status];
  return <Chip size="small" label={label} color={color} variant={color === "default" ? "outlined" : "filled"} />;
}
