import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import { useId } from "react";
import type { Endpoint } from "../../api/endpoints";
import { ConnectionTestResult, type TestState } from "./ConnectionTestResult";

/** A connection test's outcome, kept on screen until closed, with "Test again". */
export function TestConnectionDialog({
  endpoint,
  state,
  onRetry,
  onClose,
}: {
  endpoint: Endpoint;
  state: TestState;
  onRetry: () => void;
  onClose: () => void;
}) {
  const titleId = useId();
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>Connection test: {endpoint.name}</DialogTitle>
      <DialogContent>
        <ConnectionTestResult name={endpoint.name} state={state} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onRetry} disabled={state.isPending}>
          Test again
        </Button>
        <Button variant="contained" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
