import AccountCircleOutlined from "@mui/icons-material/AccountCircleOutlined";
import Divider from "@mui/material/Divider";
import IconButton from "@mui/material/IconButton";
import ListItemText from "@mui/material/ListItemText";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import Tooltip from "@mui/material/Tooltip";
import { useId, useState } from "react";
import { Link as RouterLink } from "react-router";
import type { User } from "../../api/auth";

/** The signed-in user (name, role) and the sign-out link. */
export function AccountMenu({ user }: { user: User }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const label = `Account: ${user.username}`;
  return (
    <>
      <Tooltip title={label}>
        <IconButton
          color="inherit"
          aria-label={label}
          aria-haspopup="menu"
          aria-controls={anchor ? menuId : undefined}
          aria-expanded={anchor ? "true" : undefined}
          onClick={(event) => { setAnchor(event.currentTarget); }}
        >
          <AccountCircleOutlined />
        </IconButton>
      </Tooltip>
      <Menu id={menuId} anchorEl={anchor} open={Boolean(anchor)} onClose={() => { setAnchor(null); }}>
        <MenuItem disabled>
          <ListItemText primary={user.username} secondary={`Role: ${user.role}`} />
        </MenuItem>
        <Divider />
        <MenuItem component={RouterLink} to="/logout" onClick={() => { setAnchor(null); }}>
          Sign out
        </MenuItem>
      </Menu>
    </>
  );
}
