import { queryOptions } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { settingsKeys } from "./keys";

export type AppSettings = Schemas["AppSettingsModel"];
export type AppSettingsUpdate = Schemas["AppSettingsUpdate"];

export const settingsQueries = {
  /** `GET /settings` (admins only): the effective values, stored or default. */
  detail: () =>
    queryOptions({
      queryKey: settingsKeys.detail(),
      queryFn: ({ signal }) => unwrap(api.GET("/api/v1/settings", { signal })),
    }),
};
