import { zodResolver } from "@hookform/resolvers/zod";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useForm } from "react-hook-form";
import * as z from "zod/mini";
import { FieldsError } from "../../api/fieldErrors";
import { errorMessage } from "../../api/errors";
import { useUpdateUser, type UserAccount } from "../../api/users";
import { showToast } from "../../lib/toasts";

const schema = z
  .object({
    password: z.string().check(z.minLength(1, "Choose a password."), z.maxLength(1024, "1,024 characters at most.")),
    confirm: z.string(),
  })
  .check(
    z.refine((values) => values.password === values.confirm, { path: ["confirm"], error: "The two passwords differ." }),
  );

type NewPassword = z.infer<typeof schema>;

/** A new password for `user`; their other sign-ins end (the API revokes their refresh tokens). */
export function ResetPasswordDialog({ user, onClose }: { user: UserAccount | null; onClose: () => void }) {
  const update = useUpdateUser();
  const form = useForm<NewPassword>({ resolver: zodResolver(schema), defaultValues: { password: "", confirm: "" } });
  const { errors, isSubmitting } = form.formState;
  const close = () => {
    form.reset();
    update.reset();
    onClose();
  };
  const onSubmit = form.handleSubmit(async ({ password }) => {
    if (!user) return;
    try {
      await update.mutateAsync({ id: user.id, change: { password } });
      showToast({ message: `The password of ${user.username} was changed.`, severity: "success" });
      close();
    } catch (error) {
      const message = error instanceof FieldsError ? error.fields.password : undefined;
      if (message) form.setError("password", { message });
    }
  });
  const placed = update.error instanceof FieldsError && "password" in update.error.fields;
  return (
    <Dialog open={user !== null} onClose={close} fullWidth maxWidth="xs" aria-labelledby="reset-password-title">
      <form noValidate onSubmit={(event) => void onSubmit(event)}>
        <DialogTitle id="reset-password-title">Reset the password of {user?.username}</DialogTitle>
        <DialogContent>
          <Stack spacing={2.5}>
            <DialogContentText>They are signed out everywhere and sign in again with the new password.</DialogContentText>
            {update.isError && !placed ? (
              <Alert severity="error" role="alert">
                {errorMessage(update.error)}
              </Alert>
            ) : null}
            <TextField
              label="New password"
              type="password"
              autoComplete="new-password"
              required
              autoFocus
              error={Boolean(errors.password)}
              helperText={errors.password?.message}
              {...form.register("password")}
            />
            <TextField
              label="Repeat the new password"
              type="password"
              autoComplete="new-password"
              required
              error={Boolean(errors.confirm)}
              helperText={errors.confirm?.message}
              {...form.register("confirm")}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="contained" loading={isSubmitting}>
            Set password
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
