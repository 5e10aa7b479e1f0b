import DeleteOutlined from "@mui/icons-material/DeleteOutlined";
import EditOutlined from "@mui/icons-material/EditOutlined";
import MoreVert from "@mui/icons-material/MoreVert";
import NetworkCheck from "@mui/icons-material/NetworkCheck";
import IconButton from "@mui/material/IconButton";
import ListItemIcon from "@mui/material/ListItemIcon";
import ListItemText from "@mui/material/ListItemText";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import { useId, useState } from "react";
import type { Endpoint } from "../../api/endpoints";
import type { EndpointActions } from "./useEndpointActions";

/** An operator's actions on one row: test the connection, edit, delete. */
export function EndpointRowMenu({ endpoint, actions }: { endpoint: Endpoint; actions: EndpointActions }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const close = () => { setAnchor(null); };
  const pick = (action: (endpoint: Endpoint) => void) => () => {
    close();
    action(endpoint);
  };
  return (
    <>
      <IconButton
        aria-label={`Actions for ${endpoint.name}`}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? "true" : undefined}
        onClick={(event) => { setAnchor(event.currentTarget); }}
      >
        <MoreVert />
      </IconButton>
      <Menu id={menuId} anchorEl={anchor} open={Boolean(anchor)} onClose={close}>
        <MenuItem onClick={pick(actions.test)}>
          <ListItemIcon>
            <NetworkCheck fontSize="small" />
          </ListItemIcon>
          <ListItemText>Test connection</ListItemText>
        </MenuItem>
        <MenuItem onClick={pick(actions.edit)}>
          <ListItemIcon>
            <EditOutlined fontSize="small" />
          </ListItemIcon>
          <ListItemText>Edit</ListItemText>
        </MenuItem>
        <MenuItem onClick={pick(actions.remove)}>
          <ListItemIcon>
            <DeleteOutlined fontSize="small" />
          </ListItemIcon>
          <ListItemText>Delete</ListItemText>
        </MenuItem>
      </Menu>
    </>
  );
}
