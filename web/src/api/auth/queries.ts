import { queryOptions } from "@tanstack/react-query";
import { api } from "../../client";
import { unwrap } from "../errors";
import { authKeys } from "./keys";

export const authQueries = {
  /** `GET /auth/status`: `setup_required` while no user exists. */
  status: () =>
    queryOptions({
      queryKey: authKeys.status(),
      queryFn: ({ signal }) => unwrap(api.GET("/api/v1/auth/status", { signal })),
      staleTime: 60_000,
    }),
  /** `GET /auth/me`: the signed-in user (role, name). */
  me: () =>
    queryOptions({
      queryKey: authKeys.me(),
      queryFn: ({ signal }) => unwrap(api.GET("/api/v1/auth/me", { signal })),
      staleTime: 5 * 60_000,
    }),
};
