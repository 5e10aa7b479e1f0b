import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import { useRouteError } from "react-router";

/** A page that failed to load or render: usually a new version was installed; reloading fixes it. */
export function RouteError() {
  const error = useRouteError();
  const detail = error instanceof Error ? error.message : null;
  return (
    <Box component="main" sx={{ maxWidth: 560, mx: "auto", p: 3 }}>
      <Alert
        severity="error"
        action={
          <Button color="inherit" onClick={() => { window.location.reload(); }}>
            Reload
          </Button>
        }
      >
        This page could not be shown. If F2L was just updated, reloading loads the new version.
        {detail ? ` (${detail})` : null}
      </Alert>
    </Box>
  );
}
