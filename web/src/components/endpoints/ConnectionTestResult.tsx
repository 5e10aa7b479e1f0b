import Alert from "@mui/material/Alert";
import AlertTitle from "@mui/material/AlertTitle";
import Box from "@mui/material/Box";
import CircularProgress from "@mui/material/CircularProgress";
import Typography from "@mui/material/Typography";
import type { ConnectionTest } from "../../api/endpoints";
import { errorMessage, sentence } from "../../api/errors";
import { formatLatency } from "./status";

/** The state of one connection test, as `useTestEndpoint()` holds it. */
export interface TestState {
  isPending: boolean;
  data?: ConnectionTest | undefined;
  error: unknown;
}

/**
 * The real outcome of a connection test: connecting…, connected with its latency, or the
 * failure in the server's words (wrong password, refused port, missing bucket…).
 */
export function ConnectionTestResult({ name, state }: { name: string; state: TestState }) {
  if (state.isPending) {
    return (
      <Box role="status" sx={{ display: "flex", alignItems: "center", gap: 1.5, py: 1 }}>
        <CircularProgress size={20} aria-hidden />
        <Typography>Connecting to {name}…</Typography>
      </Box>
    );
  }
  if (state.error) {
    return (
      <Alert severity="error" role="alert">
        The test could not run: {errorMessage(state.error)}
      </Alert>
    );
  }
  const result = state.data;
  if (!result) return null;
  if (result.success) {
    return (
      <Alert severity="success" role="status">
        <AlertTitle>Connection succeeded</AlertTitle>
        Connected to {name} in {formatLatency(result.latency_ms)}.
      </Alert>
    );
  }
  return (
    <Alert severity="error" role="alert">
      <AlertTitle>Connection failed</AlertTitle>
      {sentence(result.message)}
    </Alert>
  );
}
