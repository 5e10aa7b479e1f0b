import { zodResolver } from "@hookform/resolvers/zod";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useQuery } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Navigate, useNavigate } from "react-router";
import * as z from "zod/mini";
import { authQueries, useSetupAdmin } from "../api/auth";
import { errorMessage } from "../api/errors";
import { AuthLayout } from "../components/auth/AuthLayout";
import { PageLoader } from "../components/common/PageLoader";

/** The API's rule for user names (USERNAME_PATTERN in src/f2l/services/users.py). */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,149}$/;

const schema = z
  .object({
    username: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, "Choose a user name."),
        z.regex(USERNAME, "Letters, digits and . _ @ - only, starting with a letter or digit (150 at most)."),
      ),
    password: z.string().check(z.minLength(1, "Choose a password."), z.maxLength(1024, "1,024 characters at most.")),
    confirm: z.string(),
  })
  .check(
    z.refine((values) => values.password === values.confirm, {
      path: ["confirm"],
      error: "The two passwords differ.",
    }),
  );

type FirstRunForm = z.infer<typeof schema>;

export default function FirstRunPage() {
  const navigate = useNavigate();
  const setup = useQuery(authQueries.status());
  const create = useSetupAdmin();
  const form = useForm<FirstRunForm>({
    resolver: zodResolver(schema),
    defaultValues: { username: "admin", password: "", confirm: "" },
  });
  const { errors, isSubmitting } = form.formState;

  if (setup.isPending) return <PageLoader />;
  if (setup.data?.setup_required === false && !create.isSuccess) return <Navigate to="/login" replace />;

  const onSubmit = form.handleSubmit(async ({ username, password }) => {
    try {
      await create.mutateAsync({ username, password });
      await navigate("/", { replace: true });
    } catch {
      // the error is shown from `create.error`
    }
  });

  return (
    <AuthLayout
      title="Welcome to F2L"
      intro="No account exists yet. Create the first administrator: this account manages users, endpoints and settings."
    >
      <Stack component="form" noValidate spacing={2.5} onSubmit={(event) => void onSubmit(event)}>
        {setup.isError ? <Alert severity="error">{errorMessage(setup.error)}</Alert> : null}
        {create.isError ? (
          <Alert severity="error" role="alert">
            {errorMessage(create.error)}
          </Alert>
        ) : null}
        <TextField
          label="Administrator user name"
          autoComplete="username"
          required
          error={Boolean(errors.username)}
          helperText={errors.username?.message}
          {...form.register("username")}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          autoFocus
          required
          error={Boolean(errors.password)}
          helperText={errors.password?.message ?? "A long passphrase is best."}
          {...form.register("password")}
        />
        <TextField
          label="Repeat the password"
          type="password"
          autoComplete="new-password"
          required
          error={Boolean(errors.confirm)}
          helperText={errors.confirm?.message}
          {...form.register("confirm")}
        />
        <Button type="submit" variant="contained" size="large" loading={isSubmitting}>
          Create administrator and sign in
        </Button>
      </Stack>
    </AuthLayout>
  );
}
