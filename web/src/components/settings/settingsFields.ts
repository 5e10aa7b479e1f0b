/**
 * The run settings as the form shows them: one entry per field of `AppSettingsModel`
 * (`services/app_settings.py`), with the API's bounds for the help text. The API checks the
 * bounds (a 422 names the field); the form checks only that a whole number was typed.
 */
import type { AppSettings } from "../../api/settings";

export type SettingKey = keyof AppSettings;

export interface SettingField {
  key: SettingKey;
  label: string;
  help: string;
  min: number;
  max: number;
  unit?: string;
}

export interface SettingGroup {
  title: string;
  fields: readonly SettingField[];
}

export const SETTING_GROUPS: readonly SettingGroup[] = [
  {
    title: "Runs",
    fields: [
      { key: "max_concurrent_executions", label: "Maximum concurrent runs", help: "Runs executed at once.", min: 1, max: 256 },
      {
        key: "default_transfers",
        label: "Default parallel transfers",
        help: "For sessions that do not set their own.",
        min: 1,
        max: 256,
      },
      {
        key: "default_checkers",
        label: "Default parallel checkers",
        help: "For sessions that do not set their own.",
        min: 1,
        max: 256,
      },
    ],
  },
  {
    title: "Retention",
    fields: [
      {
        key: "log_retention_days",
        label: "Keep log lines for",
        help: "Older lines are deleted.",
        min: 1,
        max: 3650,
        unit: "days",
      },
      {
        key: "execution_retention_days",
        label: "Keep finished runs for",
        help: "Older runs and their file lists are deleted.",
        min: 1,
        max: 3650,
        unit: "days",
      },
    ],
  },
  {
    title: "Service",
    fields: [
      {
        key: "health_check_interval_seconds",
        label: "Endpoint health-check interval",
        help: "0 turns the checks off.",
        min: 0,
        max: 86400,
        unit: "seconds",
      },
      {
        key: "write_rate_limit_per_minute",
        label: "Write requests per minute per client",
        help: "0 means no limit.",
        min: 0,
        max: 100_000,
      },
    ],
  },
];

export const SETTING_FIELDS: readonly SettingField[] = SETTING_GROUPS.flatMap((group) => group.fields);

/** The form's values: the inputs' text. */
export type SettingsForm = Record<SettingKey, string>;

export function formValues(settings: AppSettings): SettingsForm {
  return Object.fromEntries(SETTING_FIELDS.map(({ key }) => [key, String(settings[key])])) as SettingsForm;
}

const WHOLE = /^-?\d+$/;

/** A field's text as a whole number, or null when it is not one. */
export function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return WHOLE.test(trimmed) ? Number(trimmed) : null;
}

/** What changed between the saved settings and the form: the body of `PATCH /settings`. */
export function changedSettings(saved: AppSettings, form: SettingsForm): Partial<AppSettings> {
  const change: Partial<AppSettings> = {};
  for (const { key } of SETTING_FIELDS) {
    const value = wholeNumber(form[key]);
    if (value !== null && value !== saved[key]) change[key] = value;
  }
  return change;
}
