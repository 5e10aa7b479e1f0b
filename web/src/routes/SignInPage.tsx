import { zodResolver } from "@hookform/resolvers/zod";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useQuery } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import * as z from "zod/mini";
import { authQueries, useAuthState, useLogin } from "../api/auth";
import { errorMessage } from "../api/errors";
import { AuthLayout } from "../components/auth/AuthLayout";
import { safeNextPath } from "../components/auth/nextPath";

// zod/mini: the same checks as zod at a fraction of its size on the first page.
const schema = z.object({
  username: z.string().check(z.trim(), z.minLength(1, "Enter your user name.")),
  password: z.string().check(z.minLength(1, "Enter your password.")),
});

type SignInForm = z.infer<typeof schema>;

const REASONS: Record<string, { severity: "info" | "warning"; text: string }> = {
  expired: { severity: "warning", text: "Your sign-in has expired. Sign in again to continue where you were." },
  signed_out: { severity: "info", text: "You have signed out." },
};

export default function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get("next"));
  const reason = REASONS[params.get("reason") ?? ""];
  const navigate = useNavigate();
  const setup = useQuery(authQueries.status());
  const auth = useAuthState();
  const login = useLogin();
  const form = useForm<SignInForm>({ resolver: zodResolver(schema), defaultValues: { username: "", password: "" } });
  const { errors, isSubmitting } = form.formState;

  if (setup.data?.setup_required) return <Navigate to="/setup" replace />;
  if (auth.status === "authenticated" && !login.isPending) return <Navigate to={next} replace />;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await login.mutateAsync(values);
      await navigate(next, { replace: true });
    } catch {
      form.resetField("password", { keepError: false });
      form.setFocus("password");
    }
  });

  return (
    <AuthLayout title="Sign in" intro="Sign in to F2L to see and run your syncs.">
      <Stack component="form" noValidate spacing={2.5} onSubmit={(event) => void onSubmit(event)}>
        {reason && !login.isError ? <Alert severity={reason.severity}>{reason.text}</Alert> : null}
        {login.isError ? (
          <Alert severity="error" role="alert">
            {errorMessage(login.error)}
          </Alert>
        ) : null}
        <TextField
          label="User name"
          autoComplete="username"
          autoFocus
          required
          error={Boolean(errors.username)}
          helperText={errors.username?.message}
          {...form.register("username")}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          error={Boolean(errors.password)}
          helperText={errors.password?.message}
          {...form.register("password")}
        />
        <Button type="submit" variant="contained" size="large" loading={isSubmitting}>
          Sign in
        </Button>
      </Stack>
    </AuthLayout>
  );
}
