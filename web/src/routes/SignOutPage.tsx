import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import { useEffect, useRef } from "react";
import { Navigate, Link as RouterLink } from "react-router";
import { useLogout } from "../api/auth";
import { errorMessage } from "../api/errors";
import { AuthLayout } from "../components/auth/AuthLayout";
import { PageLoader } from "../components/common/PageLoader";

/** Signs out on arrival (revoking the sign-in on the server), then shows the sign-in page. */
export default function SignOutPage() {
  const logout = useLogout();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return; // once, even when React runs effects twice in development
    started.current = true;
    logout.mutate();
  }, [logout]);

  if (logout.isSuccess) return <Navigate to="/login?reason=signed_out" replace />;
  if (logout.isError) {
    return (
      <AuthLayout title="Sign out" intro="This tab has forgotten your sign-in.">
        <Stack spacing={2}>
          <Alert severity="warning">
            The server could not be told, so the sign-in stays valid there until it expires: {errorMessage(logout.error)}
          </Alert>
          <Button component={RouterLink} to="/login" variant="contained">
            Go to sign in
          </Button>
        </Stack>
      </AuthLayout>
    );
  }
  return <PageLoader label="Signing out…" />;
}
