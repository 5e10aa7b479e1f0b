import PersonAddOutlined from "@mui/icons-material/PersonAddOutlined";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import MenuItem from "@mui/material/MenuItem";
import Switch from "@mui/material/Switch";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import TextField from "@mui/material/TextField";
import { useQuery } from "@tanstack/react-query";
import { visuallyHidden } from "./visuallyHidden";
import { useState } from "react";
import { errorMessage } from "../../api/errors";
import { useUpdateUser, userQueries, type Role, type UserAccount, type UserUpdate } from "../../api/users";
import { formatDateTime, formatRelativeTime } from "../../lib/format";
import { showToast } from "../../lib/toasts";
import { PageLoader } from "../common/PageLoader";
import { QueryError } from "../common/QueryError";
import { AddUserDialog } from "./AddUserDialog";
import { DeleteUserDialog } from "./DeleteUserDialog";
import { ResetPasswordDialog } from "./ResetPasswordDialog";
import { ROLE_LABEL, ROLES } from "./roles";
import { SettingsSection } from "./SettingsSection";
import { UserActions } from "./UserActions";

const WIDE_ONLY = { display: { xs: "none", md: "table-cell" } } as const;
/** Accounts listed (the API's largest page); more than this many would need paging. */
const USERS_SHOWN = 500;

function describe(change: UserUpdate, user: UserAccount): string {
  if (change.role) return `${user.username} is now ${ROLE_LABEL[change.role].toLowerCase()}.`;
  return change.is_active ? `${user.username} can sign in again.` : `${user.username} can no longer sign in.`;
}

/** The fields of a change a row shows (role, on/off), without the unset ones. */
function shownChange(change: UserUpdate): Partial<UserAccount> {
  const shown: Partial<UserAccount> = {};
  if (change.role) shown.role = change.role;
  if (typeof change.is_active === "boolean") shown.is_active = change.is_active;
  return shown;
}

/** One account: role and on/off change at once; password and delete open a dialog. */
function UserRow({
  user,
  isMe,
  onChange,
  onResetPassword,
  onDelete,
}: {
  user: UserAccount;
  isMe: boolean;
  onChange: (user: UserAccount, change: UserUpdate) => void;
  onResetPassword: (user: UserAccount) => void;
  onDelete: (user: UserAccount) => void;
}) {
  return (
    <TableRow>
      <TableCell sx={{ overflowWrap: "anywhere" }}>
        {user.username}
        {isMe ? <Chip size="small" label="you" variant="outlined" sx={{ ml: 1 }} /> : null}
      </TableCell>
      <TableCell>
        <TextField
          select
          size="small"
          value={user.role}
          onChange={(event) => { onChange(user, { role: event.target.value as Role }); }}
          slotProps={{ htmlInput: { "aria-label": `Role of ${user.username}` } }}
          sx={{ minWidth: { xs: 108, sm: 130 } }}
        >
          {ROLES.map(({ role, label }) => (
            <MenuItem key={role} value={role}>
              {label}
            </MenuItem>
          ))}
        </TextField>
      </TableCell>
      <TableCell>
        <Switch
          checked={user.is_active}
          onChange={(event) => { onChange(user, { is_active: event.target.checked }); }}
          slotProps={{ input: { "aria-label": `${user.username} can sign in` } }}
        />
      </TableCell>
      <TableCell sx={WIDE_ONLY}>
        {user.last_login_at ? (
          <time dateTime={user.last_login_at} title={formatDateTime(user.last_login_at)}>
            {formatRelativeTime(user.last_login_at)}
          </time>
        ) : (
          "Never"
        )}
      </TableCell>
      <TableCell align="right">
        <UserActions user={user} onResetPassword={onResetPassword} onDelete={onDelete} />
      </TableCell>
    </TableRow>
  );
}

/** Users and roles (admin): the accounts, add one, change role, turn off, reset password, delete. */
export function UsersSection({ myId }: { myId: string | null }) {
  const users = useQuery(userQueries.list({ limit: USERS_SHOWN }));
  const update = useUpdateUser();
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<UserAccount | null>(null);
  const [deleting, setDeleting] = useState<UserAccount | null>(null);

  // While a change is on its way, its row shows it (a refusal puts the row back as it was). Set in
  // the click's own render: the mutation's pending state reaches React a task later, and a
  // controlled switch would meanwhile flick back to the old value.
  const [pendingChange, setPendingChange] = useState<{ id: string; shown: Partial<UserAccount> } | null>(null);
  const change = (user: UserAccount, patch: UserUpdate) => {
    setPendingChange({ id: user.id, shown: shownChange(patch) });
    update.mutate(
      { id: user.id, change: patch },
      {
        onSuccess: () => { showToast({ message: describe(patch, user), severity: "success" }); },
        onSettled: () => { setPendingChange((shown) => (shown?.id === user.id ? null : shown)); },
      },
    );
  };

  return (
    <SettingsSection
      title="Users and roles"
      action={
        <Button variant="contained" startIcon={<PersonAddOutlined />} onClick={() => { setAdding(true); }}>
          Add user
        </Button>
      }
    >
      {update.isError ? (
        <Alert severity="error" role="alert" onClose={() => { update.reset(); }}>
          The change was refused: {errorMessage(update.error)}
        </Alert>
      ) : null}
      {users.isPending ? (
        <PageLoader label="Loading users…" />
      ) : users.isError ? (
        <QueryError what="The users" error={users.error} retry={() => void users.refetch()} />
      ) : (
        <Box sx={{ overflowX: "auto" }}>
          <Table size="small" aria-label="Users" sx={{ "& .MuiTableCell-root": { px: { xs: 0.75, sm: 2 } } }}>
            <TableHead>
              <TableRow>
                <TableCell>User</TableCell>
                <TableCell>Role</TableCell>
                <TableCell>Can sign in</TableCell>
                <TableCell sx={WIDE_ONLY}>Last sign-in</TableCell>
                <TableCell align="right">
                  <Box component="span" sx={visuallyHidden}>
                    Actions
                  </Box>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {users.data.data.map((user) => (
                <UserRow
                  key={user.id}
                  user={pendingChange && pendingChange.id === user.id ? { ...user, ...pendingChange.shown } : user}
                  isMe={user.id === myId}
                  onChange={change}
                  onResetPassword={setResetting}
                  onDelete={setDeleting}
                />
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      <AddUserDialog open={adding} onClose={() => { setAdding(false); }} />
      <ResetPasswordDialog user={resetting} onClose={() => { setResetting(null); }} />
      <DeleteUserDialog user={deleting} onClose={() => { setDeleting(null); }} />
    </SettingsSection>
  );
}
