import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import InputAdornment from "@mui/material/InputAdornment";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { FieldsError } from "../../api/fieldErrors";
import { errorMessage } from "../../api/errors";
import { useUpdateSettings, type AppSettings } from "../../api/settings";
import { showToast } from "../../lib/toasts";
import { formatCount } from "../../lib/format";
import {
  changedSettings,
  formValues,
  SETTING_FIELDS,
  SETTING_GROUPS,
  wholeNumber,
  type SettingField,
  type SettingKey,
  type SettingsForm,
} from "./settingsFields";

function isSettingKey(name: string): name is SettingKey {
  return SETTING_FIELDS.some(({ key }) => key === name);
}

function namesAField(error: FieldsError): boolean {
  return Object.keys(error.fields).some(isSettingKey);
}

function range(field: SettingField): string {
  return `${formatCount(field.min)}–${formatCount(field.max)}${field.unit ? ` ${field.unit}` : ""}`;
}

/**
 * The run settings (admin): concurrency, defaults, retention, health checks, rate limit. Saving
 * sends only what changed; the API's refusals show under their fields.
 */
export function RunSettingsForm({ settings }: { settings: AppSettings }) {
  const update = useUpdateSettings();
  const values = useMemo(() => formValues(settings), [settings]);
  const form = useForm<SettingsForm>({ values, resetOptions: { keepDirtyValues: true } });
  const { errors, isDirty, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    const change = changedSettings(settings, values);
    if (!Object.keys(change).length) return;
    try {
      const saved = await update.mutateAsync(change);
      form.reset(formValues(saved));
      showToast({ message: "Settings saved.", severity: "success" });
    } catch (error) {
      if (error instanceof FieldsError) {
        for (const [field, message] of Object.entries(error.fields)) {
          if (isSettingKey(field)) form.setError(field, { message });
        }
      }
    }
  });

  // A refusal naming a field shows under it; any other (403, the network) above the form.
  const unplaced = update.error !== null && !(update.error instanceof FieldsError && namesAField(update.error));

  return (
    <Box component="form" noValidate aria-label="Run settings" onSubmit={(event) => void onSubmit(event)} sx={{ display: "grid", gap: 3 }}>
      {unplaced ? (
        <Alert severity="error" role="alert">
          The settings were not saved: {errorMessage(update.error)}
        </Alert>
      ) : null}
      {SETTING_GROUPS.map((group) => (
        <Box key={group.title} component="fieldset" sx={{ border: 0, p: 0, m: 0, minWidth: 0 }}>
          <Typography component="legend" variant="subtitle1" sx={{ fontWeight: 600, mb: 1.5 }}>
            {group.title}
          </Typography>
          <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "minmax(0, 1fr)", sm: "repeat(auto-fill, minmax(260px, 1fr))" } }}>
            {group.fields.map((field) => {
              const problem = errors[field.key]?.message;
              return (
                <TextField
                  key={field.key}
                  label={field.label}
                  type="number"
                  size="small"
                  error={Boolean(problem)}
                  helperText={problem ?? `${field.help} ${range(field)}.`}
                  slotProps={{
                    htmlInput: { inputMode: "numeric", step: 1 },
                    input: field.unit
                      ? { endAdornment: <InputAdornment position="end">{field.unit}</InputAdornment> }
                      : undefined,
                  }}
                  {...form.register(field.key, {
                    validate: (text) => (wholeNumber(text) === null ? "Enter a whole number." : true),
                  })}
                />
              );
            })}
          </Box>
        </Box>
      ))}
      <Box sx={{ display: "flex", gap: 1.5, flexWrap: "wrap" }}>
        <Button type="submit" variant="contained" loading={isSubmitting} disabled={!isDirty}>
          Save settings
        </Button>
        <Button disabled={!isDirty || isSubmitting} onClick={() => { form.reset(values); update.reset(); }}>
          Discard changes
        </Button>
      </Box>
    </Box>
  );
}
