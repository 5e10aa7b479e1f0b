import CircleIcon from "@mui/icons-material/Circle";
import Chip from "@mui/material/Chip";
import Tooltip from "@mui/material/Tooltip";
import { useLiveConnection, type ConnectionStatus } from "../../live";

/** Words and colour of the live connection's state. */
export function liveLabel(status: ConnectionStatus): { label: string; detail: string; color: "success" | "warning" | "default" } {
  const via = status.transport === "sse" ? "Server-Sent Events" : "WebSocket";
  switch (status.state) {
    case "live":
      return { label: "Live", detail: `Live updates over ${via}.`, color: "success" };
    case "connecting":
      return { label: "Connecting", detail: "Connecting to live updates…", color: "default" };
    case "reconnecting":
      return { label: "Reconnecting", detail: "Live updates were interrupted; reconnecting. Pages still refresh.", color: "warning" };
    case "offline":
      return { label: "Offline", detail: "No live updates.", color: "default" };
  }
}

/** The top bar's chip saying whether live updates arrive. */
export function LiveIndicator() {
  const status = useLiveConnection();
  const { label, detail, color } = liveLabel(status);
  return (
    <Tooltip title={detail}>
      <Chip
        role="status"
        aria-live="polite"
        aria-label={`Live updates: ${label}`}
        data-transport={status.transport ?? "none"}
        data-state={status.state}
        icon={<CircleIcon sx={{ fontSize: 10 }} />}
        label={label}
        color={color}
        size="small"
        variant="outlined"
        sx={{ mr: 1, bgcolor: "background.paper" }}
      />
    </Tooltip>
  );
}
