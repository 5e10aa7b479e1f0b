import ReportProblemOutlined from "@mui/icons-material/ReportProblemOutlined";
import Chip from "@mui/material/Chip";
import type { ExecutionStatus } from "../../api/executions";
import { STATUS } from "./status";

/**
 * A run's status as a coloured chip. A run that ended with differences is amber and carries a
 * warning icon, so it stands out by shape as well as colour, on every page.
 */
export function StatusChip({ status }: { status: ExecutionStatus }) {
  const { label, color } = STATUS[status];
  const differences = status === "completed_with_differences";
  return (
    <Chip
      size="small"
      label={label}
      color={color}
      icon={differences ? <ReportProblemOutlined /> : undefined}
      variant={color === "default" ? "outlined" : "filled"}
    />
  );
}
