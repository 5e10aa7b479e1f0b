/** The kinds of difference a reconciliation reports, how they read, and the overall verdict. */
import type { Reconciliation } from "../../api/reconciliation";
import { formatCount } from "../../lib/format";
import type { ReconciliationTab } from "../history/historyParams";

type PathField = "missing" | "extra" | "size_mismatch" | "checksum_mismatch";

export interface DifferenceKind {
  tab: Exclude<ReconciliationTab, "errors">;
  field: PathField;
  label: string;
  /** What a file of this kind is, in one sentence. */
  meaning: string;
  empty: string;
}

/** The four kinds, in the order of the dialog's tabs. */
export const KINDS: readonly DifferenceKind[] = [
  {
    tab: "missing",
    field: "missing",
    label: "Missing",
    meaning: "Files of the sending side that the receiving side lacks.",
    empty: "No file is missing.",
  },
  {
    tab: "extra",
    field: "extra",
    label: "Extra",
    meaning: "Files only the receiving side has.",
    empty: "No extra file.",
  },
  {
    tab: "size",
    field: "size_mismatch",
    label: "Size",
    meaning: "Files on both sides whose sizes differ.",
    empty: "No size difference.",
  },
  {
    tab: "checksum",
    field: "checksum_mismatch",
    label: "Checksum",
    meaning: "Files of the same size whose content differs.",
    empty: "No checksum difference.",
  },
];

/** How many files are of `kind`: the stored count is exact even when the path list was cut short. */
export function kindCount(report: Reconciliation, kind: DifferenceKind): number {
  return report.counts[kind.field] ?? report[kind.field].length;
}

/** Files that could not be compared. */
export function errorCount(report: Reconciliation): number {
  return report.counts.errors ?? report.errors.length;
}

/** Every difference of the four kinds. */
export function differenceCount(report: Reconciliation): number {
  return KINDS.reduce((sum, kind) => sum + kindCount(report, kind), 0);
}

/** "In sync", "1 difference", "12 differences" (and "…, 2 not compared" when files failed). */
export function verdictText(report: Reconciliation): string {
  const differences = differenceCount(report);
  const errors = errorCount(report);
  const main =
    differences === 0 && errors === 0
      ? "In sync"
      : `${formatCount(differences)} ${differences === 1 ? "difference" : "differences"}`;
  return errors ? `${main}, ${formatCount(errors)} not compared` : main;
}

/** The tab to open first: the first kind with differences, else "Not compared" when files failed, else Missing. */
export function firstTab(report: Reconciliation | undefined): ReconciliationTab {
  if (!report?.available) return "missing";
  const kind = KINDS.find((item) => kindCount(report, item) > 0);
  if (kind) return kind.tab;
  return errorCount(report) ? "errors" : "missing";
}
