import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import { errorMessage } from "../../api/errors";
import { useDeleteSession, type Session } from "../../api/sessions";
import { showToast } from "../../lib/toasts";

/** Confirm, then delete a session with its history (the files on its endpoints stay). */
export function DeleteSessionDialog({
  session,
  open,
  onClose,
  onDeleted,
}: {
  session: Session;
  open: boolean;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const remove = useDeleteSession();
  const close = () => {
    remove.reset();
    onClose();
  };
  const confirm = () => {
    remove.mutate(session.id, {
      onSuccess: () => {
        showToast({ message: `Session “${session.name}” deleted.`, severity: "success" });
        onClose();
        onDeleted?.();
      },
    });
  };
  return (
    <Dialog open={open} onClose={close} aria-labelledby="delete-dialog-title" aria-describedby="delete-dialog-text">
      <DialogTitle id="delete-dialog-title">Delete {session.name}?</DialogTitle>
      <DialogContent>
        <DialogContentText id="delete-dialog-text">
          The session and its run history are deleted. The files on its endpoints are not touched.
        </DialogContentText>
        {remove.isError ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {errorMessage(remove.error)}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} autoFocus>
          Cancel
        </Button>
        <Button color="error" variant="contained" onClick={confirm} loading={remove.isPending}>
          Delete session
        </Button>
      </DialogActions>
    </Dialog>
  );
}
