import Alert from "@mui/material/Alert";
import Button, { type ButtonProps } from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import { useId, useState } from "react";
import { errorMessage } from "../../api/errors";
import { useCancelExecution } from "../../api/executions";
import { showToast } from "../../lib/toasts";

/**
 * "Cancel run" with a confirmation: a queued run is cancelled at once, a running one stops
 * within seconds (its partial files are removed). Render it for operators only.
 */
export function CancelRunButton({
  executionId,
  sessionName,
  size = "medium",
  onRequested,
}: {
  executionId: string;
  sessionName: string;
  size?: ButtonProps["size"];
  /** Called once the server accepted the request (the run ends a moment later). */
  onRequested?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const cancel = useCancelExecution();
  const titleId = useId();
  const close = () => {
    setOpen(false);
    cancel.reset();
  };
  const confirm = () => {
    cancel.mutate(executionId, {
      onSuccess: () => {
        setOpen(false);
        onRequested?.();
        showToast({ message: `Cancelling the run of ${sessionName}.`, severity: "info" });
      },
    });
  };
  return (
    <>
      <Button
        color="error"
        variant="outlined"
        size={size}
        onClick={() => {
          setOpen(true);
        }}
        aria-label={`Cancel run of ${sessionName}`}
      >
        Cancel run
      </Button>
      <Dialog open={open} onClose={close} aria-labelledby={titleId}>
        <DialogTitle id={titleId}>Cancel this run of {sessionName}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The run stops within seconds. Files already copied stay; a file being copied now is removed.
          </DialogContentText>
          {cancel.isError ? (
            <Alert severity="error" sx={{ mt: 2 }}>
              {errorMessage(cancel.error)}
            </Alert>
          ) : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} autoFocus>
            Keep running
          </Button>
          <Button color="error" variant="contained" onClick={confirm} disabled={cancel.isPending}>
            {cancel.isPending ? "Cancelling…" : "Cancel run"}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
