import { queryOptions } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { backendKeys } from "./keys";

export type Backend = Schemas["BackendRead"];

export const backendQueries = {
  /** Every endpoint type with the JSON Schema of its fields (fixed for the life of the server). */
  list: () =>
    queryOptions({
      queryKey: backendKeys.list(),
      queryFn: ({ signal }) => unwrap(api.GET("/api/v1/backends", { signal })),
      staleTime: Infinity,
    }),
};
