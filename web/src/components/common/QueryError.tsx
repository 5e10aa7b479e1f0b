import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import { errorMessage } from "../../api/errors";

/** "<what> could not be loaded: <why>", with a retry button when one is given. */
export function QueryError({ what, error, retry }: { what: string; error: unknown; retry?: () => void }) {
  return (
    <Alert
      severity="error"
      action={
        retry ? (
          <Button color="inherit" size="small" onClick={retry}>
            Retry
          </Button>
        ) : undefined
      }
    >
      {what} could not be loaded: {errorMessage(error)}
    </Alert>
  );
}
