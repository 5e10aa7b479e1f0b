import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import { errorMessage } from "../../api/errors";
import { useDeleteUser, type UserAccount } from "../../api/users";
import { showToast } from "../../lib/toasts";

/** "Delete <user>?" — the API refuses yourself and the last admin, and the dialog says so in its words. */
export function DeleteUserDialog({ user, onClose }: { user: UserAccount | null; onClose: () => void }) {
  const remove = useDeleteUser();
  const close = () => {
    remove.reset();
    onClose();
  };
  const confirm = () => {
    if (!user) return;
    remove.mutate(user.id, {
      onSuccess: () => {
        showToast({ message: `${user.username} was deleted.`, severity: "success" });
        close();
      },
    });
  };
  return (
    <Dialog open={user !== null} onClose={close} aria-labelledby="delete-user-title" aria-describedby="delete-user-text">
      <DialogTitle id="delete-user-title">Delete {user?.username}?</DialogTitle>
      <DialogContent>
        <DialogContentText id="delete-user-text">
          Their account is removed and they can no longer sign in. To stop them signing in only for a while, turn
          their account off instead.
        </DialogContentText>
        {remove.isError ? (
          <Alert severity="error" role="alert" sx={{ mt: 2 }}>
            {errorMessage(remove.error)}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} autoFocus>
          Cancel
        </Button>
        <Button color="error" variant="contained" loading={remove.isPending} onClick={confirm}>
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}
