import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import Skeleton from "@mui/material/Skeleton";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import Typography from "@mui/material/Typography";
import useMediaQuery from "@mui/material/useMediaQuery";
import { useTheme } from "@mui/material/styles";
import { useQuery } from "@tanstack/react-query";
import { reconciliationQueries, type Reconciliation } from "../../api/reconciliation";
import { formatCount } from "../../lib/format";
import { QueryError } from "../common/QueryError";
import type { ReconciliationTab, ReconciliationView } from "../history/historyParams";
import { ExportButtons } from "./ExportButtons";
import { errorCount, firstTab, KINDS, kindCount } from "./kinds";
import { PathList, type PathRow } from "./PathList";
import { ReconciliationVerdict } from "./ReconciliationVerdict";

const TITLE_ID = "reconciliation-title";

interface ReconciliationDialogProps {
  executionId: string;
  /** What the title names, e.g. the session: "Reconciliation · Photos". */
  name?: string | null;
  /** The tab shown; `open`: the first that has differences. */
  tab: ReconciliationView;
  onTabChange: (tab: ReconciliationTab) => void;
  onClose: () => void;
}

interface TabContent {
  tab: ReconciliationTab;
  label: string;
  count: number;
  meaning: string;
  empty: string;
  rows: PathRow[];
}

/** The tabs of a report: the four kinds always, "Not compared" only when some files failed. */
function tabsOf(report: Reconciliation): TabContent[] {
  const tabs: TabContent[] = KINDS.map((kind) => ({
    tab: kind.tab,
    label: kind.label,
    count: kindCount(report, kind),
    meaning: kind.meaning,
    empty: kind.empty,
    rows: report[kind.field].map((path) => ({ path })),
  }));
  const errors = errorCount(report);
  if (errors) {
    tabs.push({
      tab: "errors",
      label: "Not compared",
      count: errors,
      meaning: "Files that could not be read or listed while comparing.",
      empty: "Every file was compared.",
      rows: report.errors.map((error) => ({ path: error.path ?? "", detail: error.message ?? "" })),
    });
  }
  return tabs;
}

/**
 * A run's reconciliation: the verdict, one tab per kind of difference with its count and its
 * files, and the report export. The open tab lives in the URL (the caller's state).
 */
export function ReconciliationDialog({ executionId, name, tab, onTabChange, onClose }: ReconciliationDialogProps) {
  const fullScreen = useMediaQuery(useTheme().breakpoints.down("sm"));
  const query = useQuery(reconciliationQueries.detail(executionId));
  const report = query.data;
  const tabs = report?.available ? tabsOf(report) : [];
  const wanted = tab === "open" ? firstTab(report) : tab;
  const current = tabs.find((item) => item.tab === wanted) ?? tabs[0];
  return (
    <Dialog open onClose={onClose} fullScreen={fullScreen} fullWidth maxWidth="md" aria-labelledby={TITLE_ID}>
      <DialogTitle id={TITLE_ID}>Reconciliation{name ? ` · ${name}` : ""}</DialogTitle>
      <DialogContent dividers sx={{ display: "grid", gap: 2, alignContent: "start", gridTemplateColumns: "minmax(0, 1fr)", minHeight: { sm: 420 } }}>
        {query.isError ? (
          <QueryError what="The reconciliation" error={query.error} retry={() => void query.refetch()} />
        ) : null}
        {report ? <ReconciliationVerdict report={report} /> : null}
        {!report && !query.isError ? <Skeleton variant="rounded" height={64} aria-label="Loading the reconciliation" /> : null}
        {current ? (
          <Box>
            <Tabs
              value={current.tab}
              onChange={(_event, next: ReconciliationTab) => {
                onTabChange(next);
              }}
              variant="scrollable"
              allowScrollButtonsMobile
              aria-label="Kinds of difference"
              sx={{ borderBottom: 1, borderColor: "divider" }}
            >
              {tabs.map((item) => (
                <Tab
                  key={item.tab}
                  value={item.tab}
                  id={`reconciliation-tab-${item.tab}`}
                  aria-controls={`reconciliation-panel-${item.tab}`}
                  label={`${item.label} (${formatCount(item.count)})`}
                  sx={{ textTransform: "none" }}
                />
              ))}
            </Tabs>
            <Box
              role="tabpanel"
              id={`reconciliation-panel-${current.tab}`}
              aria-labelledby={`reconciliation-tab-${current.tab}`}
              sx={{ pt: 2 }}
            >
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {current.meaning}
              </Typography>
              <PathList
                key={current.tab}
                rows={current.rows}
                total={current.count}
                label={`${current.label} files`}
                empty={current.empty}
              />
            </Box>
          </Box>
        ) : null}
      </DialogContent>
      <DialogActions sx={{ flexWrap: "wrap", gap: 1 }}>
        <ExportButtons executionId={executionId} />
        <Button variant="contained" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
