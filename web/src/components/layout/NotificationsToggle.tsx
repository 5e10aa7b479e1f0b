import NotificationsActiveOutlined from "@mui/icons-material/NotificationsActiveOutlined";
import NotificationsOffOutlined from "@mui/icons-material/NotificationsOffOutlined";
import IconButton from "@mui/material/IconButton";
import Tooltip from "@mui/material/Tooltip";
import { useState } from "react";
import { showToast } from "../../lib/toasts";
import { browserNotificationsOn, browserNotificationsSupported, setBrowserNotifications } from "../../live";

/** Opt in or out of browser notifications when runs end (the in-app toast shows either way). */
export function NotificationsToggle() {
  const [on, setOn] = useState(browserNotificationsOn);
  if (!browserNotificationsSupported()) return null;
  const label = on ? "Turn off browser notifications" : "Notify me in the browser when runs end";
  const toggle = async () => {
    const enabled = await setBrowserNotifications(!on);
    setOn(enabled);
    if (!on && !enabled) {
      showToast({ message: "The browser did not allow notifications for this site.", severity: "warning" });
    }
  };
  return (
    <Tooltip title={label}>
      <IconButton color="inherit" aria-label={label} aria-pressed={on} onClick={() => void toggle()}>
        {on ? <NotificationsActiveOutlined /> : <NotificationsOffOutlined />}
      </IconButton>
    </Tooltip>
  );
}
