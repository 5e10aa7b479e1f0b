import DashboardOutlined from "@mui/icons-material/DashboardOutlined";
import DnsOutlined from "@mui/icons-material/DnsOutlined";
import HistoryOutlined from "@mui/icons-material/HistoryOutlined";
import SettingsOutlined from "@mui/icons-material/SettingsOutlined";
import SyncAltOutlined from "@mui/icons-material/SyncAltOutlined";
import TerminalOutlined from "@mui/icons-material/TerminalOutlined";
import ViewKanbanOutlined from "@mui/icons-material/ViewKanbanOutlined";
import type SvgIcon from "@mui/material/SvgIcon";

type SvgIconComponent = typeof SvgIcon;

/** A page of the dashboard as the sidebar lists it. */
export interface PageInfo {
  /** Path under the app, without the leading slash ("" is the overview). */
  path: string;
  label: string;
  icon: SvgIconComponent;
  /** What the page is for, in one sentence (shown by the not-yet-built placeholder). */
  summary: string;
  /** Whether this release has the page; the others show an honest placeholder. */
  built: boolean;
}

/** Every page of the dashboard (issue 10), in sidebar order. */
export const PAGES: readonly PageInfo[] = [
  {
    path: "",
    label: "Overview",
    icon: DashboardOutlined,
    summary: "Totals, runs per day and recent runs.",
    built: true,
  },
  {
    path: "endpoints",
    label: "Endpoints",
    icon: DnsOutlined,
    summary: "Add, test, browse and analyze S3, SFTP, FTP and local endpoints.",
    built: false,
  },
  {
    path: "sessions",
    label: "Sessions",
    icon: SyncAltOutlined,
    summary: "Create and edit sync sessions, preview their plan, start them, pause and resume schedules.",
    built: false,
  },
  {
    path: "board",
    label: "Board",
    icon: ViewKanbanOutlined,
    summary: "Every session side by side with live status, progress and controls.",
    built: false,
  },
  {
    path: "history",
    label: "History",
    icon: HistoryOutlined,
    summary: "Every run with filters, details, reconciliation and exports.",
    built: false,
  },
  {
    path: "logs",
    label: "Logs",
    icon: TerminalOutlined,
    summary: "The live log stream with filters, search and export.",
    built: false,
  },
  {
    path: "settings",
    label: "Settings",
    icon: SettingsOutlined,
    summary: "Users and roles, concurrency, retention, health checks and defaults.",
    built: false,
  },
];
