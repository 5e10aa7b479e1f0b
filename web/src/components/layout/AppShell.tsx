import MenuIcon from "@mui/icons-material/Menu";
import AppBar from "@mui/material/AppBar";
import Box from "@mui/material/Box";
import Drawer from "@mui/material/Drawer";
import IconButton from "@mui/material/IconButton";
import Link from "@mui/material/Link";
import Toolbar from "@mui/material/Toolbar";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { Outlet, Link as RouterLink } from "react-router";
import { useAuthState } from "../../api/auth";
import { LiveEventsProvider } from "../../live";
import { Toaster } from "../common/Toaster";
import { LiveIndicator } from "./LiveIndicator";
import { NotificationsToggle } from "./NotificationsToggle";
import { AccountMenu } from "./AccountMenu";
import { ColorModeToggle } from "./ColorModeToggle";
import { NavList } from "./NavList";

const DRAWER_WIDTH = 232;
const MAIN_ID = "main";

/** The signed-in frame: top bar, sidebar (a drawer below 900 px), and the page. */
export default function AppShell() {
  const auth = useAuthState();
  const [open, setOpen] = useState(false);
  const close = () => { setOpen(false); };
  return (
    <LiveEventsProvider>
    <Box sx={{ display: "flex", minHeight: "100dvh" }}>
      <Link
        href={`#${MAIN_ID}`}
        sx={{
          position: "absolute",
          left: 8,
          top: -48,
          zIndex: (theme) => theme.zIndex.tooltip,
          p: 1,
          bgcolor: "background.paper",
          "&:focus": { top: 8 },
        }}
      >
        Skip to content
      </Link>
      <AppBar position="fixed" elevation={0} sx={{ zIndex: (theme) => theme.zIndex.drawer + 1 }}>
        <Toolbar>
          <IconButton
            color="inherit"
            edge="start"
            aria-label="Open the navigation"
            onClick={() => { setOpen(true); }}
            sx={{ mr: 1, display: { md: "none" } }}
          >
            <MenuIcon />
          </IconButton>
          <Typography
            component={RouterLink}
            to="/"
            variant="h6"
            sx={{ color: "inherit", textDecoration: "none", fontWeight: 700, flexGrow: 1 }}
          >
            F2L
          </Typography>
          <LiveIndicator />
          <NotificationsToggle />
          <ColorModeToggle />
          {auth.status === "authenticated" ? <AccountMenu user={auth.user} /> : null}
        </Toolbar>
      </AppBar>
      <Box component="nav" aria-label="Pages" sx={{ width: { md: DRAWER_WIDTH }, flexShrink: { md: 0 } }}>
        <Drawer
          variant="temporary"
          open={open}
          onClose={close}
          slotProps={{ paper: { "aria-label": "Pages" } }}
          sx={{ display: { xs: "block", md: "none" }, "& .MuiDrawer-paper": { width: DRAWER_WIDTH } }}
        >
          <Toolbar />
          <NavList onNavigate={close} />
        </Drawer>
        <Drawer
          variant="permanent"
          open
          sx={{ display: { xs: "none", md: "block" }, "& .MuiDrawer-paper": { width: DRAWER_WIDTH } }}
        >
          <Toolbar />
          <NavList />
        </Drawer>
      </Box>
      <Box
        component="main"
        id={MAIN_ID}
        tabIndex={-1}
        sx={{ flexGrow: 1, minWidth: 0, p: { xs: 2, sm: 3 }, outline: "none" }}
      >
        <Toolbar />
        <Outlet />
      </Box>
      <Toaster />
    </Box>
    </LiveEventsProvider>
  );
}
