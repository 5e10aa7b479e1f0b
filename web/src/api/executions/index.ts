export { executionKeys, type ExecutionFilter, type OperationFilter } from "./keys";
export {
  executionQueries,
  isActive,
  type Execution,
  type ExecutionStatus,
  type LogRead,
  type Operation,
} from "./queries";
export { useCancelExecution } from "./mutations";
