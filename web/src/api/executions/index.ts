export { executionKeys, type ExecutionFilter } from "./keys";
export { executionQueries, type Execution, type ExecutionStatus } from "./queries";
export { useCancelExecution } from "./mutations";
