export { logKeys, type LogPageRequest } from "./keys";
export { fetchLogPage, logQueries, LOG_PAGE_SIZE, type LogPage, type LogRead } from "./queries";
export {
  filterFromSearch,
  isFiltered,
  LEVELS,
  matchesFilter,
  searchWithFilter,
  timeOf,
  type FilterableLine,
  type LogFilter,
  type LogLevel,
} from "./filter";
export { attachmentName, EXPORT_FORMATS, fetchLogExport, saveFile, type DownloadedFile, type LogExportFormat } from "./export";
