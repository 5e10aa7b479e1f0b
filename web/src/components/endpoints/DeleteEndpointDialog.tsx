import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import { useId } from "react";
import { useDeleteEndpoint, type Endpoint } from "../../api/endpoints";
import { errorMessage } from "../../api/errors";
import { showToast } from "../../lib/toasts";

/** Confirm, then delete; a refusal (a session still uses it) stays in the dialog in the API's words. */
export function DeleteEndpointDialog({
  endpoint,
  onClose,
  onDeleted,
}: {
  endpoint: Endpoint;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const titleId = useId();
  const remove = useDeleteEndpoint();
  const confirm = () => {
    remove.mutate(endpoint.id, {
      onSuccess: () => {
        showToast({ message: `Endpoint “${endpoint.name}” deleted.`, severity: "success" });
        onClose();
        onDeleted?.();
      },
    });
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <DialogTitle id={titleId}>Delete “{endpoint.name}”?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          F2L forgets this endpoint and its settings. The files on it are not touched. An endpoint that a
          session uses cannot be deleted.
        </DialogContentText>
        {remove.isError ? (
          <Alert severity="error" role="alert" sx={{ mt: 2 }}>
            {errorMessage(remove.error)}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} autoFocus>
          Cancel
        </Button>
        <Button color="error" variant="contained" onClick={confirm} loading={remove.isPending}>
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}
