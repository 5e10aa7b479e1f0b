import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Snackbar from "@mui/material/Snackbar";
import { useSyncExternalStore } from "react";
import { Link as RouterLink } from "react-router";
import { dismissToast, toastStore } from "../../lib/toasts";

const SHOWN_MS = 6000;

/** Shows the oldest queued toast at the bottom; rendered once by the app shell. */
export function Toaster() {
  const queue = useSyncExternalStore(toastStore.subscribe, toastStore.getQueue);
  const toast = queue[0];
  if (!toast) return null;
  const close = () => { dismissToast(toast.id); };
  return (
    <Snackbar
      key={toast.id}
      open
      autoHideDuration={SHOWN_MS}
      onClose={(_event, reason) => {
        if (reason !== "clickaway") close();
      }}
      anchorOrigin={{ vertical: "bottom", horizontal: "center" }}
    >
      <Alert
        severity={toast.severity}
        variant="filled"
        onClose={close}
        action={
          toast.link ? (
            <Button color="inherit" size="small" component={RouterLink} to={toast.link.to} onClick={close}>
              {toast.link.label}
            </Button>
          ) : undefined
        }
        sx={{ alignItems: "center" }}
      >
        {toast.message}
      </Alert>
    </Snackbar>
  );
}
