export { reconciliationKeys } from "./keys";
export { reconciliationQueries, type Reconciliation } from "./queries";
export {
  downloadReconciliation,
  downloadReport,
  reconciliationFileName,
  reportFileName,
  reportPath,
  saveBlob,
  type ReportFormat,
} from "./report";
