import List from "@mui/material/List";
import ListItemButton from "@mui/material/ListItemButton";
import ListItemIcon from "@mui/material/ListItemIcon";
import ListItemText from "@mui/material/ListItemText";
import { NavLink } from "react-router";
import { PAGES } from "../../navigation";
import { hasPage } from "../../pages";

/** The sidebar's links, one per page; the current page is marked (`aria-current="page"`). */
export function NavList({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <List component="ul" sx={{ px: 1 }}>
      {PAGES.map(({ path, label, icon: Icon, page }) => (
        <li key={path}>
          <ListItemButton
            component={NavLink}
            to={`/${path}`}
            end={path === ""}
            onClick={onNavigate}
            sx={{
              borderRadius: 1,
              mb: 0.5,
              "&.active": { bgcolor: "action.selected", fontWeight: 600 },
            }}
          >
            <ListItemIcon sx={{ minWidth: 40 }}>
              <Icon />
            </ListItemIcon>
            <ListItemText
              primary={label}
              secondary={hasPage(page) ? null : "later release"}
              slotProps={{ secondary: { variant: "caption" } }}
            />
          </ListItemButton>
        </li>
      ))}
    </List>
  );
}
