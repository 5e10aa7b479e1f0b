import { zodResolver } from "@hookform/resolvers/zod";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { Controller, useForm } from "react-hook-form";
import * as z from "zod/mini";
import { FieldsError } from "../../api/fieldErrors";
import { errorMessage } from "../../api/errors";
import { useCreateUser } from "../../api/users";
import { showToast } from "../../lib/toasts";
import { ROLES } from "./roles";

/** The API's rule for user names (USERNAME_PATTERN in src/f2l/services/users.py). */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,149}$/;

const schema = z.object({
  username: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Choose a user name."),
      z.regex(USERNAME, "Letters, digits and . _ @ - only, starting with a letter or digit (150 at most)."),
    ),
  password: z.string().check(z.minLength(1, "Choose a password."), z.maxLength(1024, "1,024 characters at most.")),
  role: z.enum(["viewer", "operator", "admin"]),
});

type NewUser = z.infer<typeof schema>;
const FIELDS = ["username", "password", "role"] as const;

/** "Add user": name, first password and role; the API's refusals (name taken, weak password) under their fields. */
export function AddUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateUser();
  const form = useForm<NewUser>({
    resolver: zodResolver(schema),
    defaultValues: { username: "", password: "", role: "viewer" },
  });
  const { errors, isSubmitting } = form.formState;
  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const user = await create.mutateAsync(values);
      showToast({ message: `${user.username} can now sign in as ${user.role}.`, severity: "success" });
      close();
    } catch (error) {
      if (error instanceof FieldsError) {
        for (const field of FIELDS) {
          const message = error.fields[field];
          if (message) form.setError(field, { message });
        }
      }
    }
  });
  const placed = create.error instanceof FieldsError && FIELDS.some((field) => field in (create.error as FieldsError).fields);
  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="xs" aria-labelledby="add-user-title">
      <form noValidate onSubmit={(event) => void onSubmit(event)}>
        <DialogTitle id="add-user-title">Add a user</DialogTitle>
        <DialogContent>
          <Stack spacing={2.5} sx={{ pt: 1 }}>
            {create.isError && !placed ? (
              <Alert severity="error" role="alert">
                {errorMessage(create.error)}
              </Alert>
            ) : null}
            <TextField
              label="User name"
              autoComplete="off"
              required
              autoFocus
              error={Boolean(errors.username)}
              helperText={errors.username?.message}
              {...form.register("username")}
            />
            <TextField
              label="Password"
              type="password"
              autoComplete="new-password"
              required
              error={Boolean(errors.password)}
              helperText={errors.password?.message ?? "Tell them, and ask them to keep it safe."}
              {...form.register("password")}
            />
            <Controller
              control={form.control}
              name="role"
              render={({ field }) => (
                <TextField
                  select
                  label="Role"
                  value={field.value}
                  onChange={(event) => { field.onChange(event.target.value); }}
                  onBlur={field.onBlur}
                  inputRef={field.ref}
                  error={Boolean(errors.role)}
                  helperText={errors.role?.message ?? ROLES.find(({ role }) => role === field.value)?.help}
                >
                  {ROLES.map(({ role, label }) => (
                    <MenuItem key={role} value={role}>
                      {label}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="contained" loading={isSubmitting}>
            Add user
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
