import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormHelperText from "@mui/material/FormHelperText";
import MenuItem from "@mui/material/MenuItem";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useId } from "react";
import { Controller, type Control } from "react-hook-form";
import type { FieldSpec } from "../../../api/backends";
import type { FormValues } from "./formModel";

interface SchemaFieldProps {
  field: FieldSpec;
  control: Control<FormValues>;
  /** Edit only: the endpoint holds this secret and the user has not chosen to replace it. */
  secretKept?: boolean;
  /** Reveal an empty input for a new secret (`true`) or go back to keeping the stored one. */
  onReplaceSecret?: (replacing: boolean) => void;
  /** Edit only: the endpoint holds this secret (the input replaces it). */
  secretStored?: boolean;
  /** Edit only: the user chose to remove the stored secret (saving sends `null`). */
  secretRemoved?: boolean;
  /** Mark the stored secret for removal (`true`) or keep it after all. */
  onRemoveSecret?: (removing: boolean) => void;
}

/** "accept_new" → "accept new": enum values as a select shows them. */
function optionLabel(value: string): string {
  return value.replaceAll("_", " ");
}

/**
 * A stored secret: never shown, only "set", with buttons to type a new one instead or to remove
 * it (an SFTP login moving from a password to a key); a removal is undone until saved.
 */
function KeptSecret({
  field,
  removed,
  onReplace,
  onRemove,
}: {
  field: FieldSpec;
  removed: boolean;
  onReplace: () => void;
  onRemove?: (removing: boolean) => void;
}) {
  const labelId = useId();
  const what = field.label.toLowerCase();
  return (
    <Box role="group" aria-labelledby={labelId}>
      <Typography id={labelId} variant="body2" color="text.secondary">
        {field.label}
      </Typography>
      <Box sx={{ display: "flex", alignItems: "center", gap: 1.5, flexWrap: "wrap" }}>
        {removed ? (
          <>
            <Typography color="warning.main">Removed when you save</Typography>
            <Button size="small" onClick={() => { onRemove?.(false); }} aria-label={`Keep the ${what}`}>
              Keep it
            </Button>
          </>
        ) : (
          <>
            <Typography>Set</Typography>
            <Button size="small" variant="outlined" onClick={onReplace} aria-label={`Replace the ${what}`}>
              Replace
            </Button>
            {onRemove ? (
              <Button size="small" color="error" onClick={() => { onRemove(true); }} aria-label={`Remove the ${what}`}>
                Remove
              </Button>
            ) : null}
          </>
        )}
      </Box>
      <FormHelperText>{field.help} The stored value is never shown.</FormHelperText>
    </Box>
  );
}

/** One field of an endpoint type, rendered from its schema: text, number, select, switch or secret. */
export function SchemaField({
  field,
  control,
  secretKept,
  secretStored,
  secretRemoved = false,
  onReplaceSecret,
  onRemoveSecret,
}: SchemaFieldProps) {
  const helpId = useId();
  if (field.kind === "secret" && (secretKept || secretRemoved) && onReplaceSecret) {
    return (
      <KeptSecret
        field={field}
        removed={secretRemoved}
        onReplace={() => { onReplaceSecret(true); }}
        onRemove={onRemoveSecret}
      />
    );
  }
  return (
    <Controller
      name={field.name}
      control={control}
      render={({ field: input, fieldState }) => {
        const error = fieldState.error?.message;
        if (field.kind === "boolean") {
          return (
            <Box>
              <FormControlLabel
                label={field.label}
                control={
                  <Switch
                    checked={input.value === true}
                    onChange={(event) => { input.onChange(event.target.checked); }}
                    onBlur={input.onBlur}
                    name={input.name}
                    slotProps={{ input: { "aria-describedby": helpId, ref: input.ref } }}
                  />
                }
              />
              <FormHelperText id={helpId} error={Boolean(error)} sx={{ mt: -0.5 }}>
                {error ?? field.help}
              </FormHelperText>
            </Box>
          );
        }
        const common = {
          label: field.label,
          name: input.name,
          value: typeof input.value === "string" ? input.value : "",
          onChange: input.onChange,
          onBlur: input.onBlur,
          inputRef: input.ref,
          required: field.required,
          error: Boolean(error),
          helperText: error ?? field.help,
          fullWidth: true,
        };
        if (field.kind === "enum") {
          return (
            <TextField {...common} select>
              {field.nullable || (!field.required && field.defaultValue === undefined) ? (
                <MenuItem value="">
                  <em>Default</em>
                </MenuItem>
              ) : null}
              {field.options.map((option) => (
                <MenuItem key={option} value={option}>
                  {optionLabel(option)}
                </MenuItem>
              ))}
            </TextField>
          );
        }
        if (field.kind === "secret") {
          return (
            <Box>
              <TextField
                {...common}
                type="password"
                autoComplete="new-password"
                helperText={error ?? (secretStored ? `${field.help} Leave empty to keep the stored value.` : field.help)}
              />
              {secretStored && onReplaceSecret ? (
                <Button size="small" sx={{ mt: 0.5 }} onClick={() => { onReplaceSecret(false); }}>
                  Keep the stored {field.label.toLowerCase()}
                </Button>
              ) : null}
            </Box>
          );
        }
        if (field.kind === "integer") {
          return (
            <TextField
              {...common}
              type="number"
              slotProps={{ htmlInput: { inputMode: "numeric", min: field.minimum, max: field.maximum, step: 1 } }}
            />
          );
        }
        return (
          <TextField
            {...common}
            multiline={field.kind === "multiline"}
            minRows={field.kind === "multiline" ? 3 : undefined}
            slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: "off" } }}
          />
        );
      }}
    />
  );
}
