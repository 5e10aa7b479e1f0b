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
  /** The component file of the section's main page (`routes/<page>.tsx`). */
  page: string;
  /** Further routes of the section: path under the app → component file (`routes/<file>.tsx`). */
  subroutes?: Readonly<Record<string, string>>;
}

/** Every page of the dashboard (issue 10), in sidebar order. */
export const PAGES: readonly PageInfo[] = [
  {
    path: "",
    label: "Overview",
    icon: DashboardOutlined,
    summary: "Totals, runs per day and recent runs.",
    page: "OverviewPage",
  },
  {
    path: "endpoints",
    label: "Endpoints",
    icon: DnsOutlined,
    summary: "Add, test, browse and analyze S3, SFTP, FTP and local endpoints.",
    page: "EndpointsPage",
    subroutes: {
      "endpoints/:endpointId": "EndpointDetailPage",
    },
  },
  {
    path: "sessions",
    label: "Sessions",
    icon: SyncAltOutlined,
    summary: "Create and edit sync sessions, preview their plan, start them, pause and resume schedules.",
    page: "SessionsPage",
    subroutes: {
      "sessions/new": "SessionEditorPage",
      "sessions/:sessionId": "SessionDetailPage",
      "sessions/:sessionId/edit": "SessionEditorPage",
    },
  },
  {
    path: "board",
    label: "Board",
    icon: ViewKanbanOutlined,
    summary: "Every session side by side with live status, progress and controls.",
    page: "BoardPage",
  },
  {
    path: "history",
    label: "History",
    icon: HistoryOutlined,
    summary: "Every run with filters, details, reconciliation and exports.",
    page: "HistoryPage",
    subroutes: {
      "executions/:executionId": "ExecutionPage",
    },
  },
  {
    path: "logs",
    label: "Logs",
    icon: TerminalOutlined,
    summary: "The live log stream with filters, search and export.",
    page: "LogsPage",
  },
  {
    path: "settings",
    label: "Settings",
    icon: SettingsOutlined,
    summary: "Users and roles, concurrency, retention, health checks and defaults.",
    page: "SettingsPage",
  },
];
