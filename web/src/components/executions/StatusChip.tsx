import Chip from "@mui/material/Chip";
import type { ExecutionStatus } from "../../api/executions";
import { STATUS } from "./status";

/** A run's status as a coloured chip ("Differences" stands out in amber). */
export function StatusChip({ status }: { status: ExecutionStatus }) {
  const { label, color } = STATUS[status];
  return <Chip size="small" label={label} color={color} variant={color === "default" ? "outlined" : "filled"} />;
}
