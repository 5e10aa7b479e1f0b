export { endpointKeys, type EndpointFilter } from "./keys";
export { endpointQueries, type Endpoint } from "./queries";
