export { backendKeys } from "./keys";
export { backendQueries, type Backend } from "./queries";
export {
  describeBackend,
  describeField,
  TYPE_LABELS,
  type BackendForm,
  type EndpointType,
  type FieldKind,
  type FieldSpec,
} from "./fields";
