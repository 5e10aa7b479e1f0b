import DeleteOutlined from "@mui/icons-material/DeleteOutlined";
import KeyOutlined from "@mui/icons-material/KeyOutlined";
import MoreVert from "@mui/icons-material/MoreVert";
import IconButton from "@mui/material/IconButton";
import ListItemIcon from "@mui/material/ListItemIcon";
import ListItemText from "@mui/material/ListItemText";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import { useId, useState } from "react";
import type { UserAccount } from "../../api/users";

/** A user's less frequent actions behind one button (it keeps the table narrow on a phone). */
export function UserActions({
  user,
  onResetPassword,
  onDelete,
}: {
  user: UserAccount;
  onResetPassword: (user: UserAccount) => void;
  onDelete: (user: UserAccount) => void;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const pick = (action: (user: UserAccount) => void) => () => {
    setAnchor(null);
    action(user);
  };
  return (
    <>
      <IconButton
        aria-label={`Actions for ${user.username}`}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? "true" : undefined}
        onClick={(event) => { setAnchor(event.currentTarget); }}
      >
        <MoreVert />
      </IconButton>
      <Menu id={menuId} anchorEl={anchor} open={Boolean(anchor)} onClose={() => { setAnchor(null); }}>
        <MenuItem onClick={pick(onResetPassword)}>
          <ListItemIcon>
            <KeyOutlined fontSize="small" />
          </ListItemIcon>
          <ListItemText>Reset password</ListItemText>
        </MenuItem>
        <MenuItem onClick={pick(onDelete)}>
          <ListItemIcon>
            <DeleteOutlined fontSize="small" />
          </ListItemIcon>
          <ListItemText>Delete</ListItemText>
        </MenuItem>
      </Menu>
    </>
  );
}
