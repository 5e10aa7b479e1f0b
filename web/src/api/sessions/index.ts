export { sessionKeys, type SessionFilter } from "./keys";
export {
  SESSIONS_REFRESH_MS,
  forgetPreviewPlan,
  sessionQueries,
  type CompareMode,
  type ConflictPolicy,
  type Direction,
  type FolderMatchMode,
  type Preview,
  type PreviewItem,
  type PreviewTotals,
  type ScheduleUnit,
  type Session,
  type SessionCreate,
  type SessionUpdate,
} from "./queries";
export {
  useCreateSession,
  useDeleteSession,
  useSetSchedulePaused,
  useStartSession,
  useUpdateSession,
} from "./mutations";
export { matchQueries, type MatchFilters, type MatchRequest, type MatchResult } from "./match";
export { FieldsError, fieldMessages, type FieldMessages } from "../fieldErrors";
