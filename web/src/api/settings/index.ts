export { settingsKeys } from "./keys";
export { settingsQueries, type AppSettings, type AppSettingsUpdate } from "./queries";
export { useUpdateSettings } from "./mutations";
