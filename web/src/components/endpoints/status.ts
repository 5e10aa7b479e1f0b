import type { Endpoint } from "../../api/endpoints";

export type ConnectionStatus = Endpoint["connection_status"];

/** Each connection status as a chip shows it. */
export const CONNECTION_STATUS: Readonly<
  Record<ConnectionStatus, { label: string; color: "success" | "error" | "default" }>
> = {
  online: { label: "Online", color: "success" },
  offline: { label: "Offline", color: "error" },
  error: { label: "Error", color: "error" },
  unknown: { label: "Unknown", color: "default" },
};

/** The filter choices of the list, in the order offered. */
export const STATUS_CHOICES: readonly ConnectionStatus[] = ["online", "offline", "error", "unknown"];

/** A measured latency for people: `12 ms`, `1.3 s`; `—` when none was measured. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return ms < 1000 ? `${String(Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}
