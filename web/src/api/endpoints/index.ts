export { endpointKeys, type EndpointFilter } from "./keys";
export {
  BROWSE_LIMIT,
  endpointQueries,
  type BrowseItem,
  type BrowsePage,
  type Endpoint,
  type PathMetadata,
} from "./queries";
export {
  useAnalyzeFolder,
  useCreateEndpoint,
  useDeleteEndpoint,
  usePresign,
  useTestEndpoint,
  useUpdateEndpoint,
  type Analysis,
  type ConnectionTest,
  type EndpointCreate,
  type EndpointUpdate,
  type PresignResponse,
} from "./mutations";
export { FieldsError, fieldMessages, unwrapFields, type FieldMessages } from "../fieldErrors";
