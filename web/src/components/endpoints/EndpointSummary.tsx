import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { backendQueries, describeBackend, TYPE_LABELS } from "../../api/backends";
import type { Endpoint } from "../../api/endpoints";
import { Facts } from "./Facts";
import { hasSecret } from "./form/formModel";
import { ConnectionStatusChip } from "./ConnectionStatusChip";
import { LastCheck } from "./LastCheck";
import { formatLatency } from "./status";

/** A stored setting as text; secrets only as "set". */
function shown(value: unknown): ReactNode {
  if (value === true) return "Yes";
  if (value === false) return "No";
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * The endpoint's settings (those of its type, labelled as the form labels them, the empty ones
 * left out; secrets never shown, only whether they are set) and its health.
 */
export function EndpointSummary({ endpoint, now }: { endpoint: Endpoint; now?: Date }) {
  const backends = useQuery(backendQueries.list());
  const spec = backends.data?.map(describeBackend).find((form) => form.type === endpoint.endpoint_type);
  const settings: [string, ReactNode][] = [["Type", TYPE_LABELS[endpoint.endpoint_type]]];
  for (const field of spec?.fields ?? []) {
    const value =
      field.kind === "secret"
        ? hasSecret(endpoint, field.name)
          ? "Set"
          : null
        : shown((endpoint as unknown as Record<string, unknown>)[field.name]);
    if (value !== null) settings.push([field.label, value]);
  }
  const health: [string, ReactNode][] = [
    ["Status", <ConnectionStatusChip key="status" status={endpoint.connection_status} />],
    ["Last check", <LastCheck key="check" time={endpoint.last_health_check} now={now} />],
    ["Latency", formatLatency(endpoint.last_latency_ms)],
  ];
  if (endpoint.last_error) {
    health.push([
      "Last error",
      <Typography key="error" component="span" variant="body2" color="error">
        {endpoint.last_error}
      </Typography>,
    ]);
  }
  return (
    <>
      <Facts label="Health" rows={health} />
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2.5, mb: 1 }}>
        Settings
      </Typography>
      <Facts label="Settings" rows={settings} />
    </>
  );
}
