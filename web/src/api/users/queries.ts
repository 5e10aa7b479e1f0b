import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { userKeys, type UserPaging } from "./keys";

export type UserAccount = Schemas["UserRead"];
export type UserCreate = Schemas["UserCreate"];
export type UserUpdate = Schemas["UserUpdate"];
export type Role = Schemas["Role"];
export type UserPage = Schemas["Page_UserRead_"];

export const userQueries = {
  /** `GET /users` (admins only): one page of accounts, by name. */
  list: (paging: UserPaging = {}) =>
    queryOptions({
      queryKey: userKeys.list(paging),
      queryFn: ({ signal }) => unwrap(api.GET("/api/v1/users", { params: { query: paging }, signal })),
      placeholderData: keepPreviousData,
    }),
};
